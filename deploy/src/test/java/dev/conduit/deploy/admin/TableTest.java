package dev.conduit.deploy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tables line their columns up and show empty cells as "-". */
class TableTest {

  @Test
  void columnsAreAsWideAsTheirWidestCell() {
    String text = new Table("NAME", "VERSION").row("standby", 2).row("a", "").toString();
    assertThat(text).isEqualTo("NAME     VERSION\nstandby  2\na        -\n");
  }

  @Test
  void aRowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
  }
}
