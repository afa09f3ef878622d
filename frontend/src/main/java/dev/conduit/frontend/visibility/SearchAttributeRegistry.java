package dev.conduit.frontend.visibility;

import dev.conduit.frontend.FrontendContext;
import dev.conduit.frontend.errors.FailedPreconditionException;
import dev.conduit.frontend.errors.InvalidArgumentException;
import dev.conduit.frontend.errors.NotFoundException;
import dev.conduit.frontend.namespace.NamespaceValidator;
import dev.conduit.frontend.namespace.ProtoTime;
import dev.conduit.persistence.namespace.NamespaceNotFoundException;
import dev.conduit.persistence.namespace.NamespaceUpdateConflictException;
import dev.conduit.persistence.namespace.VersionedNamespace;
import dev.conduit.proto.persistence.v1.NamespaceDetail;
import dev.conduit.visibility.attributes.SearchAttributeRules;
import dev.conduit.visibility.store.ElasticsearchVisibilityStore;
import dev.conduit.visibility.store.VisibilityIndex;
import io.grpc.Status;
import io.temporal.api.enums.v1.IndexedValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A namespace's custom search attributes, kept in its record (so a global namespace's registry replicates with it)
 * and in the cluster's index mapping. Adding one that exists with the same type changes nothing; a name the index
 * already maps with another type (another namespace's attribute) is refused, since one index serves every namespace.
 * Removing takes the attribute out of the namespace's registry; the index keeps the field (Elasticsearch never
 * drops one).
 */
public final class SearchAttributeRegistry {
  private static final int MAX_ATTEMPTS = 5;
  private final FrontendContext context;
  private final VisibilityReader visibility;
  private final NamespaceValidator validator;

  public SearchAttributeRegistry(FrontendContext context, VisibilityReader visibility) {
    this.context = context;
    this.visibility = visibility;
    this.validator = new NamespaceValidator(context.clusterMetadata(), context.dynamicConfig());
  }

  /** The namespace's custom attributes: the predefined ones and those registered for it. */
  public Map<String, IndexedValueType> custom(String namespace) {
    return SearchAttributeRules.custom(read(namespace).detail().getCustomSearchAttributesMap());
  }

  /** The index's field types by attribute (empty without an advanced visibility store). */
  public Map<String, String> storageSchema(String namespace) {
    Map<String, String> schema = new LinkedHashMap<>();
    SearchAttributeRules.queryable(read(namespace).detail().getCustomSearchAttributesMap())
        .forEach((name, type) -> schema.put(name, ElasticsearchVisibilityStore.fieldTypeOf(type)));
    return schema;
  }

  public void add(String namespace, Map<String, IndexedValueType> attributes) {
    requireNamespace(namespace);
    if (attributes.isEmpty()) {
      throw new InvalidArgumentException("search_attributes", "no search attributes to add");
    }
    Map<String, Integer> registered = read(namespace).detail().getCustomSearchAttributesMap();
    Map<String, IndexedValueType> custom = SearchAttributeRules.custom(registered);
    Map<String, IndexedValueType> added = new LinkedHashMap<>();
    attributes.forEach((name, type) -> {
      SearchAttributeRules.invalidName(name).ifPresent(problem -> {
        throw new InvalidArgumentException("search_attributes", problem);
      });
      if (type == IndexedValueType.INDEXED_VALUE_TYPE_UNSPECIFIED || type == IndexedValueType.UNRECOGNIZED) {
        throw new InvalidArgumentException("search_attributes", "search attribute " + name + " needs a type");
      }
      IndexedValueType existing = custom.get(name);
      if (existing != null && existing != type) {
        throw new InvalidArgumentException("search_attributes", "search attribute " + name + " already exists with type "
            + SearchAttributeRules.typeName(existing));
      }
      if (existing == null) {
        added.put(name, type);
      }
    });
    if (added.isEmpty()) {
      return;
    }
    visibility.store().ifPresent(store -> added.forEach((name, type) -> mapField(store, name, type)));
    update(namespace, detail -> {
      NamespaceDetail.Builder next = detail.toBuilder();
      added.forEach((name, type) -> next.putCustomSearchAttributes(name, type.getNumber()));
      return next.build();
    });
  }

  public void remove(String namespace, List<String> names) {
    requireNamespace(namespace);
    if (names.isEmpty()) {
      throw new InvalidArgumentException("search_attributes", "no search attributes to remove");
    }
    Map<String, Integer> registered = read(namespace).detail().getCustomSearchAttributesMap();
    for (String name : names) {
      if (VisibilityIndex.PREDEFINED_CUSTOM.containsKey(name)) {
        throw new InvalidArgumentException("search_attributes", "search attribute " + name
            + " is predefined and cannot be removed");
      }
      if (!registered.containsKey(name)) {
        throw new NotFoundException("search attribute " + name + " is not defined in namespace " + namespace);
      }
    }
    update(namespace, detail -> {
      NamespaceDetail.Builder next = detail.toBuilder();
      names.forEach(next::removeCustomSearchAttributes);
      return next.build();
    });
  }

  private void mapField(ElasticsearchVisibilityStore store, String name, IndexedValueType type) {
    try {
      String wanted = ElasticsearchVisibilityStore.fieldTypeOf(type);
      Optional<String> mapped = store.fieldType(name);
      if (mapped.isPresent() && !mapped.get().equals(wanted)) {
        throw new FailedPreconditionException("search attribute " + name + " is indexed as " + mapped.get()
            + " in this cluster (another namespace has it with another type); a " + SearchAttributeRules.typeName(type)
            + " attribute needs " + wanted);
      }
      if (mapped.isEmpty()) {
        store.addField(name, type);
      }
    } catch (ElasticsearchVisibilityStore.StoreUnavailableException e) {
      throw Status.UNAVAILABLE.withDescription("visibility store unavailable, retry the call: " + e.getMessage())
          .asRuntimeException();
    }
  }

  private void update(String namespace, UnaryOperator<NamespaceDetail> change) {
    NamespaceUpdateConflictException lastConflict = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      VersionedNamespace current = read(namespace);
      if (current.detail().getIsGlobal()) {
        validator.requireMasterForUpdate("namespace");
      }
      NamespaceDetail next = change.apply(current.detail()).toBuilder()
          .setConfigVersion(current.detail().getConfigVersion() + 1)
          .setUpdatedTime(ProtoTime.timestamp(context.clock().instant()))
          .setOriginCluster(context.currentCluster())
          .build();
      try {
        context.namespaceRegistry().put(context.namespaceStore().update(next, current.storeNotificationVersion()));
        return;
      } catch (NamespaceUpdateConflictException e) {
        lastConflict = e;
      }
    }
    throw lastConflict;
  }

  private VersionedNamespace read(String namespace) {
    requireNamespace(namespace);
    return context.namespaceStore().getByName(namespace).orElseThrow(() -> new NamespaceNotFoundException(namespace));
  }

  private static void requireNamespace(String namespace) {
    if (namespace.isEmpty()) {
      throw new InvalidArgumentException("namespace", "search attributes are registered per namespace: name one");
    }
  }
}
