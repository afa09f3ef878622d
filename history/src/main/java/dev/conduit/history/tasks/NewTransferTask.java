package dev.conduit.history.tasks;

import dev.conduit.proto.persistence.v1.TransferTaskData;

/** A transfer task produced by a state change, before the shard gives it a task id. */
public record NewTransferTask(TransferTaskType type, TransferTaskData data) {}
