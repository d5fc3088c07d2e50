package dev.pgaddon.backup;

import dev.pgaddon.operation.AddonNames;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where base backups and archived WAL live: a directory of the Docker host (PGADDON_BACKUP_ROOT,
 * default /var/lib/pgaddon/backups), one subdirectory per addon, bind-mounted into the addon's
 * nodes. The API reads it to serve downloads, so it runs where that directory is mounted.
 * Inside an addon's directory: {@code epoch-<system id>/wal/<segment>} and
 * {@code epoch-<system id>/base/<backup id>/{base.tar,pg_wal.tar,backup_manifest}}.
 */
public record BackupRepository(Path root) {
  private static final Pattern BACKUP_ID = Pattern.compile("bk-[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern SYSTEM_ID = Pattern.compile("[0-9]{1,20}");

  /** The process's settings' ({@link dev.pgaddon.settings.PlatformSettings#current()}). */
  public static BackupRepository fromEnvironment() {
    return new BackupRepository(dev.pgaddon.settings.PlatformSettings.current().backupRoot());
  }

  public static boolean isBackupId(String id) {
    return id != null && BACKUP_ID.matcher(id).matches();
  }

  public static String requireBackupId(String id) {
    if (!isBackupId(id)) {
      throw new IllegalArgumentException("invalid backup id: expected bk- followed by lowercase letters, digits and '-'");
    }
    return id;
  }

  public static String requireSystemId(String systemId) {
    if (systemId == null || !SYSTEM_ID.matcher(systemId).matches()) {
      throw new IllegalArgumentException("invalid system identifier");
    }
    return systemId;
  }

  /** The addon's own directory on the host: what its nodes mount. */
  public Path addonDirectory(String addonId) {
    return root.resolve(AddonNames.requireAddonId(addonId));
  }

  /** The name of the addon's directory under the root: its validated id. */
  public static String requireAddonDirectoryName(String addonId) {
    return AddonNames.requireAddonId(addonId);
  }

  /** Relative to the addon's directory, the same on the host and inside the containers. */
  public static String backupPath(String systemId, String backupId) {
    return "epoch-" + requireSystemId(systemId) + "/base/" + requireBackupId(backupId);
  }

  public static String walPath(String systemId) {
    return "epoch-" + requireSystemId(systemId) + "/wal";
  }
}
