package dev.pgaddon.docker;

/** Paths inside a node container, as the images lay them out (images/postgresql/Dockerfile). */
public final class NodeLayout {
  public static final String DATA_MOUNT = "/var/lib/postgresql/data";
  public static final String PGDATA = DATA_MOUNT + "/pgdata";
  /** Written last by initdb and clone scripts: a data directory without it is a failed attempt's leftover. */
  public static final String READY_MARKER = DATA_MOUNT + "/pgaddon-initialized";
  /** The binaries of a major in the images (a newer major's image also holds the older one, for pg_upgrade). */
  public static String binaries(int major) {
    return "/usr/lib/postgresql/" + major + "/bin";
  }

  /** The addon's backup repository (base backups, archived WAL), mounted into every node and backup task. */
  public static final String BACKUPS_MOUNT = "/var/lib/postgresql/backups";
  /** Another addon's repository, read-only, when a restore makes a new addon from it. */
  public static final String RESTORE_SOURCE_MOUNT = "/var/lib/postgresql/restore-source";

  /** The postgres user of our images (Debian's package makes it; the same in every image built here). */
  public static final int POSTGRES_UID = 100;
  public static final int POSTGRES_GID = 102;
  /** Where a one-shot task finds its secrets, one file per variable, read into its shell at start. */
  public static final String SECRETS_DIR = "/run/pgaddon-secrets";

  public static final String IMAGE_REPOSITORY = "pgaddon/postgresql";

  private NodeLayout() {}

  public static String image(String version) {
    return IMAGE_REPOSITORY + ":" + version;
  }

  /** The version an image of ours runs: its tag. */
  public static String versionOf(String image) {
    return image.substring(image.lastIndexOf(':') + 1);
  }
}
