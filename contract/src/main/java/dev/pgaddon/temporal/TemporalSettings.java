package dev.pgaddon.temporal;

/** How to reach Temporal: TEMPORAL_ADDRESS (default 127.0.0.1:7233) and TEMPORAL_NAMESPACE (default "default"). */
public record TemporalSettings(String address, String namespace, boolean addressWasSet) {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  public static TemporalSettings fromEnvironment() {
    String address = System.getProperty("pgaddon.temporal.address", System.getenv("TEMPORAL_ADDRESS"));
    String namespace = System.getenv("TEMPORAL_NAMESPACE");
    boolean set = address != null && !address.isBlank();
    return new TemporalSettings(set ? address : DEFAULT_ADDRESS,
        namespace == null || namespace.isBlank() ? "default" : namespace, set);
  }
}
