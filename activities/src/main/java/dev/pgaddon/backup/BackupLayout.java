package dev.pgaddon.backup;

/** How nodes archive their WAL into the backup repository (the program is images/postgresql/bin/pgaddon-archive). */
public final class BackupLayout {
  private BackupLayout() {}

  /** PostgreSQL's archive_command on every node and in a restore's recovery. */
  public static final String ARCHIVE_COMMAND = "pgaddon-archive %p %f";

  /** A segment at most this old is in the archive even when writes are few. */
  public static final int ARCHIVE_TIMEOUT_SECONDS = 120;

  /** Where a task that removes an addon's repository mounts the repository root. */
  static final String ROOT_MOUNT = "/backup-root";
}
