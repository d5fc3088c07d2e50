package dev.pgaddon.api;

/**
 * What one app, addon or token may hold, set by the operator; a request past a quota is refused
 * (422 quota_exceeded) with what to do about it.
 */
record Quotas(int addonsPerApp, int manualBackupsPerAddon, int sessionsPerToken) {
  static final String ADDONS = "PGADDON_QUOTA_ADDONS";
  static final String MANUAL_BACKUPS = "PGADDON_QUOTA_MANUAL_BACKUPS";
  static final String SESSIONS = "PGADDON_QUOTA_SESSIONS";

  void checkAddons(String app, int live) {
    if (live >= addonsPerApp) {
      throw exceeded("app " + app + " already has " + live + " addons, the quota; remove one or ask the operator to raise "
          + ADDONS);
    }
  }

  void checkManualBackups(String addonId, int kept, int retentionDays) {
    if (kept >= manualBackupsPerAddon) {
      throw exceeded("addon " + addonId + " already keeps " + kept + " manual backups, the quota; they are deleted after"
          + " its retention (" + retentionDays + " days), or ask the operator to raise " + MANUAL_BACKUPS);
    }
  }

  void checkSessions(String tokenId, int live) {
    if (live >= sessionsPerToken) {
      throw exceeded("token " + tokenId + " already has " + live + " live sessions, the quota; sign out of one (or wait"
          + " for one to expire) or ask the operator to raise " + SESSIONS);
    }
  }

  private static ApiError exceeded(String message) {
    return new ApiError(422, "quota_exceeded", message);
  }
}
