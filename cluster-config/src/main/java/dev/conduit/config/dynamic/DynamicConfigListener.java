package dev.conduit.config.dynamic;

/** Told after a reload has swapped in different values; runs on the polling thread, so keep it short. */
@FunctionalInterface
public interface DynamicConfigListener {

  void onChange(DynamicValues previous, DynamicValues current);
}
