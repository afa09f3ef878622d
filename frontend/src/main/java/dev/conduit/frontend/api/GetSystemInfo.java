package dev.conduit.frontend.api;

import dev.conduit.frontend.ServerCapabilities;
import dev.conduit.frontend.ServerVersion;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;

/** The first call of every SDK client: the server version and the capabilities it may rely on. */
public final class GetSystemInfo implements Operation<GetSystemInfoRequest, GetSystemInfoResponse> {
  private final GetSystemInfoResponse response;

  /** @param visibilityStore whether the frontend has an advanced visibility store */
  public GetSystemInfo(boolean visibilityStore) {
    response = GetSystemInfoResponse.newBuilder()
        .setServerVersion(ServerVersion.current())
        .setCapabilities(ServerCapabilities.system(visibilityStore))
        .build();
  }

  @Override
  public GetSystemInfoResponse handle(GetSystemInfoRequest request) {
    return response;
  }
}
