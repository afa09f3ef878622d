package dev.conduit.history.workflow;

import java.util.EnumMap;
import java.util.Map;

/**
 * A declarative table of legal moves {@code (state, action) -> state}. State machines consult it before
 * changing mutable state, so an illegal move is refused instead of half-applied.
 */
public final class TransitionTable<S extends Enum<S>, A extends Enum<A>> {
  private final String name;
  private final Map<S, Map<A, S>> moves;

  private TransitionTable(String name, Map<S, Map<A, S>> moves) {
    this.name = name;
    this.moves = moves;
  }

  public static <S extends Enum<S>, A extends Enum<A>> Builder<S, A> builder(
      String name, Class<S> states, Class<A> actions) {
    return new Builder<>(name, states, actions);
  }

  /** The state {@code action} leads to from {@code from}. */
  public S next(S from, A action) {
    S to = moves.get(from).get(action);
    if (to == null) {
      throw new IllegalTransitionException(name, from, action);
    }
    return to;
  }

  public boolean allows(S from, A action) {
    return moves.get(from).containsKey(action);
  }

  /** Collects the moves of a table. */
  public static final class Builder<S extends Enum<S>, A extends Enum<A>> {
    private final String name;
    private final Class<A> actions;
    private final Map<S, Map<A, S>> moves;

    private Builder(String name, Class<S> states, Class<A> actions) {
      this.name = name;
      this.actions = actions;
      this.moves = new EnumMap<>(states);
      for (S state : states.getEnumConstants()) {
        moves.put(state, new EnumMap<>(actions));
      }
    }

    public Builder<S, A> add(S from, A action, S to) {
      if (moves.get(from).put(action, to) != null) {
        throw new IllegalArgumentException(name + ": duplicate move " + from + " --" + action + "->");
      }
      return this;
    }

    public TransitionTable<S, A> build() {
      Map<S, Map<A, S>> frozen = new EnumMap<>(moves);
      frozen.replaceAll((state, byAction) -> byAction.isEmpty() ? new EnumMap<>(actions) : new EnumMap<>(byAction));
      return new TransitionTable<>(name, frozen);
    }
  }
}
