package dev.conduit.history.api.respondworkflowtaskcompleted;

import io.temporal.api.command.v1.Command;

/** Validates one command and turns it into events and tasks; throws {@link CommandFailure} if bad. */
@FunctionalInterface
interface CommandHandler {
  void handle(CommandContext context, Command command);
}
