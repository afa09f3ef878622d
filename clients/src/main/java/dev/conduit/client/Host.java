package dev.conduit.client;

import io.grpc.Channel;

/**
 * One host of an internal service as a call sees it: its identity in membership (what its circuit breaker is
 * keyed by), its address, and the channel to it.
 */
public record Host(String id, String address, Channel channel) {}
