package dev.pgaddon.operation;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ids and names as the seed shows them: addon ids "ad-&lt;uuid&gt;", database "my_app_4553". */
public final class AddonNames {
  private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{2,47}");
  private static final Pattern ADDON_ID = Pattern.compile("ad-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private AddonNames() {}

  public static String newAddonId(UUID uuid) {
    return "ad-" + uuid;
  }

  public static boolean isAddonId(String s) {
    return s != null && ADDON_ID.matcher(s).matches();
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

  /** Docker object names: short, unique per addon and node. */
  public static String containerName(String addonId, String node) {
    return "pgaddon-" + addonId + "-" + node;
  }

  public static String volumeName(String addonId, String node) {
    return containerName(addonId, node) + "-data";
  }
}
