package dev.conduit.it.persistence;

import static dev.conduit.it.persistence.ExecutionStoreFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.persistence.execution.HistoryBatch;
import dev.conduit.persistence.execution.HistoryPage;
import dev.conduit.persistence.history.HistoryBranchStore;
import dev.conduit.persistence.history.HistoryBranchTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** History branches on real Cassandra: fork, read through ancestors, delete only what no branch needs. */
class HistoryBranchIT {
  private static ExecutionStoreFixture fixture;
  private static HistoryBranchStore branches;

  @BeforeAll
  static void start() {
    fixture = ExecutionStoreFixture.start();
    branches = fixture.branches();
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void forkAtEventFiveSharesOneToFiveAndBothBranchesReadBackExactly() {
    String tree = UUID.randomUUID().toString();
    byte[] original = tenEvents(tree);

    // the fork keeps events 1..5 of the original and appends 6..8 of its own (another version's)
    byte[] fork = branches.fork(original, 6);
    branches.append(fork, List.of(batch(6, 7, 10, "fork"), batch(8, 8, 11, "fork")));

    assertThat(readAll(original, 11)).containsExactly(
        "1..3 original", "4..5 original", "6..6 original", "7..10 original");
    assertThat(readAll(fork, 9)).containsExactly("1..3 original", "4..5 original", "6..7 fork", "8..8 fork");
    // pages of one batch walk from the shared ancestor into the fork's own nodes
    assertThat(pages(fork, 9, 1)).isEqualTo(4);
    assertThat(eventIds(fork, 9)).containsExactly(1L, 4L, 6L, 8L);

    branches.delete(fork);
    assertThat(readAll(original, 11)).as("the original is intact").containsExactly(
        "1..3 original", "4..5 original", "6..6 original", "7..10 original");
    assertThatThrownBy(() -> readAll(fork, 9)).as("the fork's own nodes are gone").hasMessageContaining("ends before event 6");

    branches.delete(original);
    assertThat(fixture.historyRows(tree)).as("deleting the last branch removes the tree").isZero();
  }

  @Test
  void deletingTheOriginalFirstKeepsTheNodesItsForkShares() {
    String tree = UUID.randomUUID().toString();
    byte[] original = tenEvents(tree);
    byte[] fork = branches.fork(original, 6);
    branches.append(fork, List.of(batch(6, 8, 10, "fork")));

    branches.delete(original);
    assertThat(readAll(fork, 9)).containsExactly("1..3 original", "4..5 original", "6..8 fork");

    // a fork of the fork, below its own begin, shares the (deleted) original's nodes only
    byte[] grandchild = branches.fork(fork, 4);
    branches.append(grandchild, List.of(batch(4, 4, 20, "grandchild")));
    assertThat(readAll(grandchild, 5)).containsExactly("1..3 original", "4..4 grandchild");
    assertThat(HistoryBranchTokens.decode(grandchild).getAncestorsCount()).isEqualTo(1);

    branches.delete(fork);
    assertThat(readAll(grandchild, 5)).containsExactly("1..3 original", "4..4 grandchild");
    branches.delete(grandchild);
    assertThat(fixture.historyRows(tree)).isZero();
  }

  @Test
  void aForkPointInsideABatchIsRefused() {
    byte[] original = tenEvents(UUID.randomUUID().toString());
    assertThatThrownBy(() -> branches.fork(original, 5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a batch boundary");
  }

  @Test
  void anOrphanOfAFailedAttemptOnAForkIsOutrankedByTheCommittedBatch() {
    byte[] original = tenEvents(UUID.randomUUID().toString());
    byte[] fork = branches.fork(original, 6);
    branches.append(fork, List.of(batch(6, 9, 30, "orphan")));
    branches.append(fork, List.of(batch(6, 7, 31, "committed")));
    assertThat(readAll(fork, 8)).containsExactly("1..3 original", "4..5 original", "6..7 committed");
  }

  @Test
  void aReadFromInsideABatchStartsWithThatBatch() {
    byte[] original = tenEvents(UUID.randomUUID().toString());
    // what a sticky workflow task reads: from the event after the last completed task's started event, which a
    // retried task writes in one batch with its scheduled and started events
    assertThat(texts(branches.read(original, 8, 11, 10, null))).containsExactly("7..10 original");
    assertThat(texts(branches.read(original, 5, 11, 1, null))).containsExactly("4..5 original");
    assertThat(texts(branches.read(original, 7, 11, 10, null))).as("a batch boundary reads as before")
        .containsExactly("7..10 original");

    // on a fork, from inside a batch its ancestor holds
    byte[] fork = branches.fork(original, 6);
    branches.append(fork, List.of(batch(6, 8, 10, "fork")));
    assertThat(texts(branches.read(fork, 2, 9, 10, null))).containsExactly("1..3 original", "4..5 original", "6..8 fork");
    assertThat(texts(branches.read(fork, 7, 9, 10, null))).containsExactly("6..8 fork");
  }

  /** A root branch with events 1..10 in four batches. */
  private static byte[] tenEvents(String tree) {
    byte[] root = HistoryBranchTokens.newRoot(tree);
    branches.append(root, List.of(batch(1, 3, 1, "original"), batch(4, 5, 2, "original")));
    branches.append(root, List.of(batch(6, 6, 3, "original")));
    branches.append(root, List.of(batch(7, 10, 4, "original")));
    return root;
  }

  private static HistoryBatch batch(long first, long last, long txnId, String label) {
    return new HistoryBatch(first, last, txnId, ExecutionStoreFixture.bytes(first + ".." + last + " " + label));
  }

  private static List<String> readAll(byte[] branch, long nextEventId) {
    List<String> texts = new ArrayList<>();
    for (HistoryBatch batch : read(branch, nextEventId, 2)) {
      texts.add(text(batch.events()));
    }
    return texts;
  }

  private static List<String> texts(HistoryPage page) {
    return page.batches().stream().map(batch -> text(batch.events())).toList();
  }

  private static List<Long> eventIds(byte[] branch, long nextEventId) {
    return read(branch, nextEventId, 100).stream().map(HistoryBatch::firstEventId).toList();
  }

  private static List<HistoryBatch> read(byte[] branch, long nextEventId, int pageSize) {
    List<HistoryBatch> all = new ArrayList<>();
    byte[] token = null;
    do {
      HistoryPage page = branches.read(branch, 1, nextEventId, pageSize, token);
      all.addAll(page.batches());
      token = page.nextPageToken();
    } while (token != null);
    return all;
  }

  private static int pages(byte[] branch, long nextEventId, int pageSize) {
    int pages = 0;
    byte[] token = null;
    do {
      token = branches.read(branch, 1, nextEventId, pageSize, token).nextPageToken();
      pages++;
    } while (token != null);
    return pages;
  }
}
