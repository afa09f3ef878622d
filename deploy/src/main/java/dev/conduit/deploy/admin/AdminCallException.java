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
      // the client's own deadline, or the server's answer (a graceful failover that timed out says why)
      case DEADLINE_EXCEEDED -> status.getDescription() == null
          || status.getDescription().toLowerCase(java.util.Locale.ROOT).contains("deadline")
          ? "the frontend at " + address + " did not answer in time"
          : status.getDescription() + " (" + status.getCode() + ")";
      case UNIMPLEMENTED -> "the server at " + address + " has no Conduit admin service (is it a Conduit frontend?)";
      default -> status.getDescription() == null ? status.getCode().toString()
          : status.getDescription() + " (" + status.getCode() + ")";
    };
  }
}
