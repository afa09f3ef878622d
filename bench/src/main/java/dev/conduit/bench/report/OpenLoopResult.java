package dev.conduit.bench.report;

import java.util.List;

/**
 * The open-loop rate steps against one server and where latency broke. The knee is the highest offered
 * rate whose step was still healthy; it is null when even the first step broke, and equals the last
 * step's rate, with {@code breakReason} null, when no step broke.
 *
 * @param baselineP90Ms p90 of workflows run one at a time, the unloaded latency
 * @param latencyLimitMs the p90 above which a step counts as broken: knee factor times the baseline, at least 50 ms
 */
public record OpenLoopResult(
    List<PhaseResult> steps,
    Double kneeRate,
    Double kneeP50Ms,
    Double kneeP99Ms,
    Double brokeAtRate,
    String breakReason,
    double baselineP90Ms,
    double latencyLimitMs) {}
