package dev.conduit.history.tasks;

import dev.conduit.proto.persistence.v1.TimerTaskData;
import java.time.Instant;

/** A timer task produced by a state change, before the shard gives it a task id. */
public record NewTimerTask(TimerTaskType type, Instant fireTime, TimerTaskData data) {}
