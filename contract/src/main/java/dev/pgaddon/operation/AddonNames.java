package dev.pgaddon.operation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ids and names as the seed shows them: addon ids "ad-&lt;uuid&gt;", database "my_app_4553". */
public final class AddonNames {
  private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{2,47}");
  private static final Pattern ADDON_ID = Pattern.compile("ad-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  /** Node names the code uses: "node1", "node2", "endpoint", "backups". */
  private static final Pattern NODE = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final int MAX_HOOK_LENGTH = 2000;
  private static final String HOOK_EXAMPLE = "e.g. https://my-app.example/hooks/pgaddon";

  private AddonNames() {}

  public static String newAddonId(UUID uuid) {
    return "ad-" + uuid;
  }

  public static boolean isAddonId(String s) {
    return s != null && ADDON_ID.matcher(s).matches();
  }

  /** The addon id itself; anything but "ad-&lt;lowercase uuid&gt;" is refused. */
  public static String requireAddonId(String addonId) {
    if (!isAddonId(addonId)) {
      throw new IllegalArgumentException("invalid addon id " + shown(addonId) + ": expected ad-<lowercase uuid>");
    }
    return addonId;
  }

  public static String requireAppName(String app) {
    String problem = appNameProblem(app);
    if (problem != null) {
      throw new IllegalArgumentException(app == null || app.isBlank() ? problem : "invalid app name " + shown(app)
          + ": 3 to 48 characters, lowercase letters, digits and '-', starting with a letter");
    }
    return app;
  }

  public static String requireNodeName(String node) {
    if (node == null || !NODE.matcher(node).matches()) {
      throw new IllegalArgumentException("invalid node name " + shown(node)
          + ": 1 to 31 characters, lowercase letters, digits and '-', starting with a letter");
    }
    return node;
  }

  /**
   * Null when the restart hook is acceptable (or absent), otherwise what is wrong with it. Only
   * http(s) URLs are accepted: the worker POSTs to them, it never runs commands.
   */
  public static String restartHookProblem(String hook) {
    if (hook == null || hook.isBlank()) {
      return null;
    }
    String lower = hook.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return "restart hook must be an http(s) URL, " + HOOK_EXAMPLE;
    }
    if (hook.length() > MAX_HOOK_LENGTH) {
      return "restart hook is too long (" + hook.length() + " characters, at most " + MAX_HOOK_LENGTH + ")";
    }
    if (hook.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c))) {
      return "restart hook must not contain spaces or control characters";
    }
    try {
      String host = new URI(hook).getHost();
      if (host != null && !host.isEmpty()) {
        return null;
      }
    } catch (URISyntaxException e) {
      // refused below
    }
    return "restart hook must be an http(s) URL, " + HOOK_EXAMPLE;
  }

  /** Null when the app name is valid, otherwise what is wrong with it. */
  public static String appNameProblem(String app) {
    if (app == null || app.isBlank()) {
      return "an app name is required (--app)";
    }
    if (!APP.matcher(app).matches()) {
      return "invalid app name '" + app + "': 3 to 48 characters, lowercase letters, digits and '-', starting with a letter";
    }
    return null;
  }

  /** The database name, which is also the default user's name: the app name plus four digits. */
  public static String databaseName(String app, int fourDigits) {
    String base = app.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    if (base.length() > 26) {
      base = base.substring(0, 26);
    }
    return base + "_" + String.format(Locale.ROOT, "%04d", fourDigits % 10000);
  }

  /** Docker object names: short, unique per addon and node, built from validated parts only. */
  public static String containerName(String addonId, String node) {
    return "pgaddon-" + requireAddonId(addonId) + "-" + requireNodeName(node);
  }

  /** The addon's own Docker network: its nodes, endpoint and tasks, and nothing else. */
  public static String networkName(String addonId) {
    return "pgaddon-" + requireAddonId(addonId) + "-net";
  }

  public static String volumeName(String addonId, String node) {
    return containerName(addonId, node) + "-data";
  }

  /** A refused value as an error message may show it: quoted, shortened, control characters escaped. */
  public static String shown(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < 60; i++) {
      char c = value.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
    }
    return sb.append(value.length() > 60 ? "...'" : "'").toString();
  }
}
