package dev.conduit.frontend.validation;

import com.google.protobuf.MessageLite;
import dev.conduit.config.dynamic.DynamicConfig;
import dev.conduit.config.dynamic.DynamicKeys;
import dev.conduit.frontend.errors.InvalidArgumentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payload size limits per namespace, read from the dynamic config on every call ({@code limit.blobSize.error},
 * default 2 MB, fails the request; {@code limit.blobSize.warn}, default 512 KB, is logged). Sizes are the
 * encoded size of the whole field (all payloads of an input, the whole memo).
 */
public final class BlobSizeLimits {
  private static final Logger log = LoggerFactory.getLogger(BlobSizeLimits.class);

  private final DynamicConfig dynamicConfig;

  public BlobSizeLimits(DynamicConfig dynamicConfig) {
    this.dynamicConfig = dynamicConfig;
  }

  /** Fails with INVALID_ARGUMENT naming {@code field} when the blob is above the namespace's error limit. */
  public void check(String namespace, String field, MessageLite blob) {
    int size = blob.getSerializedSize();
    if (size == 0) {
      return;
    }
    int limit = dynamicConfig.getForNamespace(DynamicKeys.BLOB_SIZE_LIMIT_ERROR, namespace);
    if (size > limit) {
      throw new InvalidArgumentException(field, "is " + size + " bytes, the limit is " + limit + " bytes ("
          + DynamicKeys.BLOB_SIZE_LIMIT_ERROR.name() + ")");
    }
    int warnAt = dynamicConfig.getForNamespace(DynamicKeys.BLOB_SIZE_LIMIT_WARN, namespace);
    if (size > warnAt) {
      log.warn("namespace {}: {} is {} bytes, above the warning size of {} bytes", namespace, field, size, warnAt);
    }
  }
}
