package dev.conduit.persistence.cassandra.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

  @Test
  void catalogListsVersionsFromOneWithoutGaps() {
    SchemaCatalog catalog = SchemaCatalog.clusterKeyspace();
    assertThat(catalog.latest()).isGreaterThanOrEqualTo(1);
    for (int i = 0; i < catalog.versions().size(); i++) {
      assertThat(catalog.versions().get(i).number()).isEqualTo(i + 1);
      assertThat(catalog.versions().get(i).statements()).isNotEmpty();
    }
  }

  @Test
  void everyCreateStatementIsIdempotent() {
    SchemaCatalog.clusterKeyspace().versions().stream()
        .flatMap(v -> v.statements().stream())
        .filter(s -> s.toUpperCase().startsWith("CREATE"))
        .forEach(s -> assertThat(s.toUpperCase()).as(s).contains("IF NOT EXISTS"));
  }

  @Test
  void betweenSelectsTheVersionsAfterFromUpToTo() {
    SchemaCatalog catalog = SchemaCatalog.clusterKeyspace();
    assertThat(catalog.between(0, catalog.latest())).hasSize(catalog.latest());
    assertThat(catalog.between(catalog.latest(), catalog.latest())).isEmpty();
  }
}
