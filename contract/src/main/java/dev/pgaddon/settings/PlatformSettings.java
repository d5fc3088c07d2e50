package dev.pgaddon.settings;

import dev.pgaddon.temporal.TemporalTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every setting of the platform's processes (worker, API), read once: from the environment, where a
 * {@code pgaddon.*} override (a {@code -D} flag on the command line) wins, else the default below.
 * {@link #from} validates them all and refuses the lot with one {@link InvalidSettingsException} that
 * names each bad one. A main loads them first ({@link #fromEnvironment}, then {@link #install}); the
 * code that needs a setting asks {@link #current()}; tests build their own and install it.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>override</th><th>default</th></tr>
 *   <tr><td>PGADDON_TASK_QUEUE</td><td>pgaddon.task.queue</td><td>pgaddon</td></tr>
 *   <tr><td>TEMPORAL_ADDRESS</td><td>pgaddon.temporal.address</td><td>127.0.0.1:7233</td></tr>
 *   <tr><td>TEMPORAL_NAMESPACE</td><td>pgaddon.temporal.namespace</td><td>default</td></tr>
 *   <tr><td>TEMPORAL_TLS_CERT, _KEY, _CA, _SERVER_NAME</td><td>-</td><td>no TLS</td></tr>
 *   <tr><td>PGADDON_HOME</td><td>pgaddon.home</td><td>~/.pgaddon</td></tr>
 *   <tr><td>PGADDON_BACKUP_ROOT</td><td>pgaddon.backup.root</td><td>/var/lib/pgaddon/backups</td></tr>
 *   <tr><td>PGADDON_HEARTBEAT_TIMEOUT_SECONDS</td><td>pgaddon.heartbeat.timeout.seconds</td><td>30</td></tr>
 *   <tr><td>PGADDON_PORT_RANGE</td><td>pgaddon.port.range</td><td>55000-55999</td></tr>
 *   <tr><td>PGADDON_NETWORK_POOL</td><td>pgaddon.network.pool</td><td>10.213.0.0/16</td></tr>
 *   <tr><td>PGADDON_OWNER</td><td>pgaddon.owner</td><td>none</td></tr>
 *   <tr><td>PGADDON_RESTART_HOOK_ALLOW_PRIVATE</td><td>pgaddon.restart.hook.allow.private</td><td>false</td></tr>
 *   <tr><td>PGADDON_STATUS_REFRESH_SECONDS</td><td>pgaddon.status.refresh.seconds</td><td>30</td></tr>
 *   <tr><td>PGADDON_BACKUP_SWEEP_SECONDS</td><td>pgaddon.backup.sweep.seconds</td><td>600</td></tr>
 *   <tr><td>PGADDON_TEMPORAL_UI_URL</td><td>pgaddon.temporal.ui.url</td><td>http://127.0.0.1:8233</td></tr>
 *   <tr><td>PGADDON_CODEC_KEY</td><td>pgaddon.codec.key</td><td>the file codec.key under the home</td></tr>
 *   <tr><td>PGADDON_SECRETS_KEY</td><td>pgaddon.secrets.key</td><td>the file secrets.key under the home</td></tr>
 *   <tr><td>PGADDON_API_HOST</td><td>pgaddon.api.host</td><td>127.0.0.1</td></tr>
 *   <tr><td>PGADDON_API_PORT</td><td>pgaddon.api.port</td><td>8080</td></tr>
 *   <tr><td>PGADDON_CODEC_PORT</td><td>pgaddon.codec.port</td><td>8089</td></tr>
 *   <tr><td>PGADDON_UI_ORIGINS</td><td>pgaddon.ui.origins</td><td>http://127.0.0.1:8233,http://localhost:8233</td></tr>
 *   <tr><td>PGADDON_CODEC_TOKEN</td><td>pgaddon.codec.token</td><td>the file under the home</td></tr>
 * </table>
 *
 * <p>{@link #environment()} keeps the whole environment it was read from, for the settings a module
 * reads on its own (the API's limits, ApiSettings). Keys and tokens never appear in {@link #toString()}.
 *
 * @param temporalTls null when no TLS setting is given
 * @param owner whose objects this process makes (a test run's id), or null for the platform's own
 * @param codecKey base64 of the payload key, or null for the file under the home
 * @param secretsKey base64 of the workers' secrets key, or null for the file under the home
 * @param codecToken the codec server's token, or null for the file under the home
 */
public record PlatformSettings(
    String taskQueue,
    String temporalAddress,
    boolean temporalAddressWasSet,
    String temporalNamespace,
    TemporalTls temporalTls,
    Path home,
    Path backupRoot,
    Duration heartbeatTimeout,
    int portRangeFirst,
    int portRangeLast,
    String networkPool,
    String owner,
    boolean restartHookAllowPrivate,
    Duration statusRefreshInterval,
    Duration backupSweepInterval,
    String temporalUiUrl,
    String codecKey,
    String secretsKey,
    String apiHost,
    int apiPort,
    int codecPort,
    List<String> uiOrigins,
    String codecToken,
    Map<String, String> environment) {

  public static final String DEFAULT_TASK_QUEUE = "pgaddon";
  public static final String DEFAULT_TEMPORAL_ADDRESS = "127.0.0.1:7233";

  private static volatile PlatformSettings current;

  public PlatformSettings {
    uiOrigins = List.copyOf(uiOrigins);
    environment = Map.copyOf(environment);
  }

  /** The settings installed for this process; read from the environment on first use when none was. */
  public static PlatformSettings current() {
    PlatformSettings settings = current;
    if (settings == null) {
      synchronized (PlatformSettings.class) {
        if (current == null) {
          current = fromEnvironment();
        }
        settings = current;
      }
    }
    return settings;
  }

  /** Makes these the process's settings (a main after loading them, a test with its own). */
  public static void install(PlatformSettings settings) {
    synchronized (PlatformSettings.class) {
      current = java.util.Objects.requireNonNull(settings);
    }
  }

  /** The defaults alone, as in an empty environment (with this home directory for ~). */
  public static PlatformSettings defaults(Path userHome) {
    return from(Map.of(), Map.of("user.home", userHome.toString()));
  }

  /**
   * The process's environment with its {@code pgaddon.*} system properties over it (and user.home,
   * for the default home): the one place the platform reads them.
   */
  public static PlatformSettings fromEnvironment() {
    Map<String, String> overrides = new TreeMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k instanceof String key && v instanceof String value && key.startsWith("pgaddon.")) {
        overrides.put(key, value);
      }
    });
    overrides.put("user.home", System.getProperty("user.home"));
    return from(System.getenv(), overrides);
  }

  /**
   * The settings from {@code environment} (its variable names) and {@code overrides} (the
   * {@code pgaddon.*} names, which win over the environment; {@code user.home} for the default home).
   * A blank value counts as unset.
   *
   * @throws InvalidSettingsException naming every invalid setting, with what is expected
   */
  public static PlatformSettings from(Map<String, String> environment, Map<String, String> overrides) {
    Reader r = new Reader(environment, overrides);
    String taskQueue = r.text("PGADDON_TASK_QUEUE", "pgaddon.task.queue", DEFAULT_TASK_QUEUE);
    String address = r.value("TEMPORAL_ADDRESS", "pgaddon.temporal.address");
    if (address != null && !HOST_PORT.matcher(address).matches()) {
      r.invalid("TEMPORAL_ADDRESS", "HOST:PORT", address);
    }
    String namespace = r.text("TEMPORAL_NAMESPACE", "pgaddon.temporal.namespace", "default");
    TemporalTls tls = null;
    try {
      tls = TemporalTls.of(r.value("TEMPORAL_TLS_CERT", null), r.value("TEMPORAL_TLS_KEY", null),
          r.value("TEMPORAL_TLS_CA", null), r.value("TEMPORAL_TLS_SERVER_NAME", null));
    } catch (IllegalArgumentException e) {
      r.problems.add(e.getMessage());
    }
    if (tls != null) {
      r.readable("TEMPORAL_TLS_CERT", tls.cert());
      r.readable("TEMPORAL_TLS_KEY", tls.key());
      r.readable("TEMPORAL_TLS_CA", tls.ca());
    }
    String userHome = overrides.get("user.home");
    if (userHome == null || userHome.isBlank()) {
      userHome = environment.getOrDefault("HOME", "");
    }
    Path home = r.path("PGADDON_HOME", "pgaddon.home", Path.of(userHome, ".pgaddon").toString());
    Path backupRoot = r.path("PGADDON_BACKUP_ROOT", "pgaddon.backup.root", "/var/lib/pgaddon/backups");
    backupRoot = backupRoot == null ? null : backupRoot.toAbsolutePath();
    long heartbeat = r.number("PGADDON_HEARTBEAT_TIMEOUT_SECONDS", "pgaddon.heartbeat.timeout.seconds", 30, 3);
    int[] ports = r.portRange();
    String pool = r.text("PGADDON_NETWORK_POOL", "pgaddon.network.pool", "10.213.0.0/16");
    if (!validPool(pool)) {
      r.invalid("PGADDON_NETWORK_POOL", "an IPv4 network A.B.C.D/N with 8 <= N <= 26 (e.g. 10.213.0.0/16)", pool);
    }
    String owner = r.value("PGADDON_OWNER", "pgaddon.owner");
    boolean allowPrivate = r.bool("PGADDON_RESTART_HOOK_ALLOW_PRIVATE", "pgaddon.restart.hook.allow.private");
    long refresh = r.number("PGADDON_STATUS_REFRESH_SECONDS", "pgaddon.status.refresh.seconds", 30, 1);
    long sweep = r.number("PGADDON_BACKUP_SWEEP_SECONDS", "pgaddon.backup.sweep.seconds", 600, 1);
    String uiUrl = r.url("PGADDON_TEMPORAL_UI_URL", "pgaddon.temporal.ui.url", "http://127.0.0.1:8233");
    String codecKey = r.key("PGADDON_CODEC_KEY", "pgaddon.codec.key");
    String secretsKey = r.key("PGADDON_SECRETS_KEY", "pgaddon.secrets.key");
    String apiHost = r.text("PGADDON_API_HOST", "pgaddon.api.host", "127.0.0.1");
    long apiPort = r.port("PGADDON_API_PORT", "pgaddon.api.port", 8080);
    long codecPort = r.port("PGADDON_CODEC_PORT", "pgaddon.codec.port", 8089);
    List<String> origins = List.of(
        r.text("PGADDON_UI_ORIGINS", "pgaddon.ui.origins", "http://127.0.0.1:8233,http://localhost:8233").split(","));
    String codecToken = r.value("PGADDON_CODEC_TOKEN", "pgaddon.codec.token");
    if (!r.problems.isEmpty()) {
      throw new InvalidSettingsException(r.problems);
    }
    return new PlatformSettings(taskQueue, address != null ? address : DEFAULT_TEMPORAL_ADDRESS, address != null,
        namespace, tls, home, backupRoot, Duration.ofSeconds(heartbeat), ports[0], ports[1], pool, owner, allowPrivate,
        Duration.ofSeconds(refresh), Duration.ofSeconds(sweep), uiUrl.replaceAll("/+$", ""), codecKey, secretsKey,
        apiHost, (int) apiPort, (int) codecPort, origins, codecToken, environment);
  }

  /** These settings with {@code overrides} ({@code pgaddon.*} names) over them, validated again. */
  public PlatformSettings with(Map<String, String> overrides) {
    Map<String, String> all = new TreeMap<>(overridesOf(this));
    all.putAll(overrides);
    return from(environment, all);
  }

  private static Map<String, String> overridesOf(PlatformSettings s) {
    Map<String, String> m = new TreeMap<>();
    m.put("pgaddon.task.queue", s.taskQueue);
    if (s.temporalAddressWasSet) {
      m.put("pgaddon.temporal.address", s.temporalAddress);
    }
    m.put("pgaddon.temporal.namespace", s.temporalNamespace);
    m.put("pgaddon.home", s.home.toString());
    m.put("pgaddon.backup.root", s.backupRoot.toString());
    m.put("pgaddon.heartbeat.timeout.seconds", String.valueOf(s.heartbeatTimeout.toSeconds()));
    m.put("pgaddon.port.range", s.portRangeFirst + "-" + s.portRangeLast);
    m.put("pgaddon.network.pool", s.networkPool);
    if (s.owner != null) {
      m.put("pgaddon.owner", s.owner);
    }
    m.put("pgaddon.restart.hook.allow.private", String.valueOf(s.restartHookAllowPrivate));
    m.put("pgaddon.status.refresh.seconds", String.valueOf(s.statusRefreshInterval.toSeconds()));
    m.put("pgaddon.backup.sweep.seconds", String.valueOf(s.backupSweepInterval.toSeconds()));
    m.put("pgaddon.temporal.ui.url", s.temporalUiUrl);
    if (s.codecKey != null) {
      m.put("pgaddon.codec.key", s.codecKey);
    }
    if (s.secretsKey != null) {
      m.put("pgaddon.secrets.key", s.secretsKey);
    }
    m.put("pgaddon.api.host", s.apiHost);
    m.put("pgaddon.api.port", String.valueOf(s.apiPort));
    m.put("pgaddon.codec.port", String.valueOf(s.codecPort));
    m.put("pgaddon.ui.origins", String.join(",", s.uiOrigins));
    if (s.codecToken != null) {
      m.put("pgaddon.codec.token", s.codecToken);
    }
    return m;
  }

  @Override
  public String toString() {
    return "PlatformSettings[task queue " + taskQueue + ", Temporal " + temporalAddress + " namespace " + temporalNamespace
        + (temporalTls == null ? "" : " (TLS)") + ", home " + home + ", backup root " + backupRoot + ", heartbeat timeout "
        + heartbeatTimeout.toSeconds() + " s, ports " + portRangeFirst + "-" + portRangeLast + ", network pool "
        + networkPool + ", owner " + owner + ", restart hook allow private " + restartHookAllowPrivate
        + ", status refresh " + statusRefreshInterval.toSeconds() + " s, backup sweep " + backupSweepInterval.toSeconds()
        + " s, Temporal UI " + temporalUiUrl + ", codec key " + (codecKey == null ? "from file" : "given")
        + ", secrets key " + (secretsKey == null ? "from file" : "given") + ", API " + apiHost + ":" + apiPort
        + ", codec port " + codecPort + "]"; // never a key, a token or the environment
  }

  /** One or more settings are invalid: the message names each, one a line, with what is expected. */
  public static final class InvalidSettingsException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidSettingsException(List<String> problems) {
      super("invalid settings:\n  " + String.join("\n  ", problems));
      this.problems = List.copyOf(problems);
    }

    /** Each invalid setting: "NAME: expected ..., got '...'". */
    public List<String> problems() {
      return problems;
    }
  }

  private static final Pattern HOST_PORT = Pattern.compile("\\[?[^\\s\\[\\]]+\\]?:(\\d{1,5})");
  private static final Pattern RANGE = Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*");
  private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  private static boolean validPool(String pool) {
    Matcher m = CIDR.matcher(pool.trim());
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    int prefix = Integer.parseInt(m.group(5));
    return prefix >= 8 && prefix <= 26;
  }

  /** Reads values (override, else variable; blank is unset) and collects the problems. */
  private static final class Reader {
    final Map<String, String> environment;
    final Map<String, String> overrides;
    final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> environment, Map<String, String> overrides) {
      this.environment = environment;
      this.overrides = overrides;
    }

    /** The value set, trimmed, or null. */
    String value(String variable, String override) {
      String value = override == null ? null : overrides.get(override);
      if (value == null || value.isBlank()) {
        value = environment.get(variable);
      }
      return value == null || value.isBlank() ? null : value.trim();
    }

    String text(String variable, String override, String fallback) {
      String value = value(variable, override);
      return value == null ? fallback : value;
    }

    void invalid(String variable, String expected, String got) {
      problems.add(variable + ": expected " + expected + ", got '" + got + "'");
    }

    long number(String variable, String override, long fallback, long min) {
      String value = value(variable, override);
      if (value == null) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value);
        if (n >= min && n <= Integer.MAX_VALUE) {
          return n;
        }
      } catch (NumberFormatException e) {
        // below
      }
      invalid(variable, "a whole number of seconds from " + min + " to " + Integer.MAX_VALUE, value);
      return fallback;
    }

    long port(String variable, String override, long fallback) {
      String value = value(variable, override);
      if (value == null) {
        return fallback;
      }
      try {
        long n = Long.parseLong(value);
        if (n >= 0 && n <= 65535) {
          return n;
        }
      } catch (NumberFormatException e) {
        // below
      }
      invalid(variable, "a port from 0 to 65535", value);
      return fallback;
    }

    int[] portRange() {
      String value = value("PGADDON_PORT_RANGE", "pgaddon.port.range");
      if (value == null) {
        return new int[] {55000, 55999};
      }
      Matcher m = RANGE.matcher(value);
      if (m.matches()) {
        int first = Integer.parseInt(m.group(1));
        int last = Integer.parseInt(m.group(2));
        if (1024 <= first && first <= last && last <= 65535) {
          return new int[] {first, last};
        }
      }
      invalid("PGADDON_PORT_RANGE", "FIRST-LAST with 1024 <= FIRST <= LAST <= 65535", value);
      return new int[] {55000, 55999};
    }

    boolean bool(String variable, String override) {
      String value = value(variable, override);
      if (value == null || value.equalsIgnoreCase("false")) {
        return false;
      }
      if (value.equalsIgnoreCase("true")) {
        return true;
      }
      invalid(variable, "true or false", value);
      return false;
    }

    Path path(String variable, String override, String fallback) {
      String value = text(variable, override, fallback);
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        invalid(variable, "a path", value);
        return null;
      }
    }

    void readable(String variable, Path file) {
      if (file != null && !Files.isReadable(file)) {
        invalid(variable, "a readable file", file.toString());
      }
    }

    String url(String variable, String override, String fallback) {
      String value = text(variable, override, fallback);
      try {
        URI uri = URI.create(value);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return value;
        }
      } catch (IllegalArgumentException e) {
        // below
      }
      invalid(variable, "an http(s) URL", value);
      return fallback;
    }

    /** A key, checked without ever being shown: base64 of 32 bytes. */
    String key(String variable, String override) {
      String value = value(variable, override);
      if (value == null) {
        return null;
      }
      int length;
      try {
        length = Base64.getDecoder().decode(value).length;
      } catch (IllegalArgumentException e) {
        length = -1;
      }
      if (length != 32) {
        problems.add(variable + ": expected base64 of 32 bytes, got " + (length < 0 ? "something else" : length + " bytes")
            + " (the key is not shown)");
        return null;
      }
      return value;
    }
  }
}
