package dev.conduit.deploy.admin;

import io.grpc.Status;

/** An admin call the frontend refused or could not answer; the message says which frontend and why. */
public final class AdminCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Status status;

  AdminCallException(String address, Status status, Throwable cause) {
    super(describe(address, status), cause);
    this.status = status;
  }

  public Status.Code code() {
    return status.getCode();
  }

  private static String describe(String address, Status status) {
    return switch (status.getCode()) {
      case UNAVAILABLE -> "the frontend at " + address + " is unavailable (is the cluster up?): " + status.getDescription();
      case DEADLINE_EXCEEDED -> "the frontend at " + address + " did not answer in time";
      case UNIMPLEMENTED -> "the server at " + address + " has no Conduit admin service (is it a Conduit frontend?)";
      default -> status.getDescription() == null ? status.getCode().toString()
          : status.getDescription() + " (" + status.getCode() + ")";
    };
  }
}
