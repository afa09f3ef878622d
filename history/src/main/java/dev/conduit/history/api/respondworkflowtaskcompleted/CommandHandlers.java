package dev.conduit.history.api.respondworkflowtaskcompleted;

import dev.conduit.history.errors.InvalidRequestException;
import io.temporal.api.command.v1.Command;
import io.temporal.api.enums.v1.CommandType;
import io.temporal.api.enums.v1.WorkflowTaskFailedCause;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which commands this server applies, and the checks on the command list as a whole. A known but
 * unsupported command fails the workflow task with FEATURE_DISABLED naming it (the failure is visible
 * in history); an unknown command type or a close command that is not last is refused without any
 * change, as Temporal does.
 */
final class CommandHandlers {
  private static final Set<CommandType> CLOSE_COMMANDS = Set.of(
      CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION,
      CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION,
      CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION,
      CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION);

  private final Map<CommandType, CommandHandler> handlers = new EnumMap<>(CommandType.class);

  CommandHandlers() {
    handlers.put(CommandType.COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK, ActivityCommands::schedule);
    handlers.put(CommandType.COMMAND_TYPE_REQUEST_CANCEL_ACTIVITY_TASK, ActivityCommands::requestCancel);
    handlers.put(CommandType.COMMAND_TYPE_START_TIMER, TimerCommands::start);
    handlers.put(CommandType.COMMAND_TYPE_CANCEL_TIMER, TimerCommands::cancel);
    handlers.put(CommandType.COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION, CloseCommands::complete);
    handlers.put(CommandType.COMMAND_TYPE_FAIL_WORKFLOW_EXECUTION, CloseCommands::fail);
    handlers.put(CommandType.COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION, CloseCommands::cancel);
    handlers.put(CommandType.COMMAND_TYPE_CONTINUE_AS_NEW_WORKFLOW_EXECUTION, ContinueAsNewCommand::handle);
    handlers.put(CommandType.COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION, ChildCommands::start);
    handlers.put(CommandType.COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION, ExternalCommands::signal);
    handlers.put(CommandType.COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION, ExternalCommands::requestCancel);
    handlers.put(CommandType.COMMAND_TYPE_RECORD_MARKER, PropertyCommands::recordMarker);
    handlers.put(CommandType.COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES, PropertyCommands::upsertSearchAttributes);
    handlers.put(CommandType.COMMAND_TYPE_MODIFY_WORKFLOW_PROPERTIES, PropertyCommands::modifyProperties);
  }

  /** Refuses a command list that cannot be processed at all: nothing is written for it. */
  void validateSequence(List<Command> commands) {
    for (int i = 0; i < commands.size(); i++) {
      CommandType type = commands.get(i).getCommandType();
      if (type == CommandType.COMMAND_TYPE_UNSPECIFIED || type == CommandType.UNRECOGNIZED) {
        throw new InvalidRequestException("Unknown command type: " + commands.get(i).getCommandTypeValue());
      }
      if (CLOSE_COMMANDS.contains(type) && i != commands.size() - 1
          && !CLOSE_COMMANDS.contains(commands.get(i + 1).getCommandType())) {
        throw new InvalidRequestException("invalid command sequence: " + type + " must be the last command, but "
            + commands.get(i + 1).getCommandType() + " follows it");
      }
    }
  }

  void handle(CommandContext context, Command command) {
    CommandHandler handler = handlers.get(command.getCommandType());
    if (handler == null) {
      throw new CommandFailure(WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_FEATURE_DISABLED,
          "command " + command.getCommandType() + " is not supported by this server");
    }
    handler.handle(context, command);
  }
}
