package dev.conduit.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conduit.config.ClusterConfig;
import java.nio.file.Path;

/**
 * Turns a parsed YAML document into a {@link ClusterConfig} in two passes: first each section is read
 * (types, formats, ranges, unknown keys), then the rules that span keys or sections run on the result.
 * Both passes report to one {@link Errors}, so a file with many mistakes lists them all.
 */
public final class ClusterConfigReader {

  private ClusterConfigReader() {}

  /** The config, possibly holding placeholders: callers must throw if {@code errors} is not empty. */
  public static ClusterConfig read(
      JsonNode document, EnvSubstitution environment, Path baseDirectory, Errors errors) {
    ReadContext context = new ReadContext(errors, environment);
    Section root = context.root(document);
    ClusterConfig config = new ClusterConfig(
        PersistenceSection.parse(root.section("persistence")),
        ServicesSection.parseGlobal(root.sectionOrEmpty("global")),
        ServicesSection.parseServices(root),
        ClusterSection.parseMetadata(root.section("clusterMetadata")),
        ClusterSection.parseRedirection(root.sectionOrEmpty("dcRedirectionPolicy")),
        root.optionalSection("kafka").map(KafkaSection::parse),
        ArchivalSection.parseArchival(root.sectionOrEmpty("archival")),
        ArchivalSection.parseNamespaceDefaults(root.sectionOrEmpty("namespaceDefaults")),
        root.optionalSection("publicClient").map(ClientsSection::parsePublicClient),
        root.optionalSection("dynamicConfigClient")
            .map(section -> ClientsSection.parseDynamicConfigClient(section, baseDirectory)),
        ClientsSection.parseConsul(root.sectionOrEmpty("consul")));
    context.reportUnknownKeys();
    PersistenceSection.validate(config.persistence(), errors);
    ServicesSection.validate(config.global(), config.services(), errors);
    ClusterSection.validate(config.clusterMetadata(), config.dcRedirectionPolicy(), errors);
    KafkaSection.validate(config, errors);
    ArchivalSection.validate(config.archival(), config.namespaceDefaults(), errors);
    return config;
  }
}
