package dev.conduit.history.tasks;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.conduit.proto.persistence.v1.TimerTaskData;
import dev.conduit.proto.persistence.v1.TransferTaskData;

/** Decoding of task row payloads. */
final class TaskData {
  private TaskData() {}

  static TransferTaskData transfer(byte[] data) {
    try {
      return TransferTaskData.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt transfer task data", e);
    }
  }

  static TimerTaskData timer(byte[] data) {
    try {
      return TimerTaskData.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt timer task data", e);
    }
  }
}
