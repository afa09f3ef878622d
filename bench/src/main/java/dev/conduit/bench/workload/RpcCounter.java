package dev.conduit.bench.workload;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the SDK's calls to the server by method (StartWorkflowExecution, PollWorkflowTaskQueue, ...),
 * so a report can say how many round trips a workflow costs against each server.
 */
public final class RpcCounter implements ClientInterceptor {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String name = method.getBareMethodName() == null ? method.getFullMethodName() : method.getBareMethodName();
    calls.computeIfAbsent(name, n -> new LongAdder()).increment();
    return next.newCall(method, options);
  }

  /** Calls so far per method. */
  public Map<String, Long> snapshot() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach((name, n) -> counts.put(name, n.sum()));
    return counts;
  }

  /** Calls per workflow since {@code before} (a {@link #snapshot()}), for methods that were called. */
  public Map<String, Double> perWorkflowSince(Map<String, Long> before, int workflows) {
    Map<String, Double> per = new TreeMap<>();
    if (workflows == 0) {
      return per;
    }
    snapshot().forEach((name, now) -> {
      long n = now - before.getOrDefault(name, 0L);
      if (n > 0) {
        per.put(name, Math.round(n * 100.0 / workflows) / 100.0);
      }
    });
    return per;
  }
}
