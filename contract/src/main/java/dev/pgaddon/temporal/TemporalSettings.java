package dev.pgaddon.temporal;

/** How to reach Temporal: TEMPORAL_ADDRESS (default 127.0.0.1:7233) and TEMPORAL_NAMESPACE (default "default"). */
public record TemporalSettings(String address, String namespace, boolean addressWasSet) {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  /** The process's settings' ({@link dev.pgaddon.settings.PlatformSettings#current()}). */
  public static TemporalSettings fromEnvironment() {
    return of(dev.pgaddon.settings.PlatformSettings.current());
  }

  public static TemporalSettings of(dev.pgaddon.settings.PlatformSettings settings) {
    return new TemporalSettings(settings.temporalAddress(), settings.temporalNamespace(), settings.temporalAddressWasSet());
  }
}
