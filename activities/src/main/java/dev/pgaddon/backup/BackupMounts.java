package dev.pgaddon.backup;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import dev.pgaddon.control.BackupStore;
import dev.pgaddon.docker.NodeLayout;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeTasks;
import dev.pgaddon.node.NodeTasks.Mounts;
import dev.pgaddon.secrets.SecretStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The addons' backup repositories as the containers see them: host directories bind-mounted. */
public final class BackupMounts {
  /** Task containers that work on a repository as a whole are named after this node. */
  private static final String REPOSITORY_NODE = "repository";

  private final BackupRepository repository;
  private final NodeTasks tasks;
  private final BackupStore store;
  private final SecretStore secrets;
  private final ObjectStore objectStore;
  private final Set<String> prepared = ConcurrentHashMap.newKeySet();

  public BackupMounts(BackupRepository repository, NodeTasks tasks, BackupStore store,
      SecretStore secrets, ObjectStore objectStore) {
    this.repository = repository;
    this.tasks = tasks;
    this.store = store;
    this.secrets = secrets;
    this.objectStore = objectStore;
  }

  /** Where the platform's copy of the repositories is (scripts/objectstore.sh). */
  public ObjectStore objectStore() {
    return objectStore;
  }

  /** The file that gives a node or a backup task the addon's pgBackRest repository key (pgaddon-pgbackrest.sh). */
  public Map<String, String> repositoryKey(String addonId) {
    return Map.of(REPOSITORY_KEY_FILE, secrets.getOrCreate(addonId, SecretStore.REPOSITORY_KEY));
  }

  public static final String REPOSITORY_KEY_FILE = "PGBACKREST_REPO1_CIPHER_PASS";

  /** The addon's own repository, where its nodes archive and its backups go. */
  public Bind own(String addonId) {
    return new Bind(repository.addonDirectory(addonId).toString(), new Volume(NodeLayout.BACKUPS_MOUNT));
  }

  /** Another addon's repository, read-only: the source of a restore into a new addon. */
  public Bind source(String addonId) {
    return new Bind(repository.addonDirectory(addonId).toString(), new Volume(NodeLayout.RESTORE_SOURCE_MOUNT),
        AccessMode.ro);
  }

  /**
   * The engine makes a missing host directory owned by root: it is given to the postgres user
   * before a node archives into it. Once per addon, recorded in the control database, so a worker
   * that did not do it does not run a container again (a plan change's restart, with clients held,
   * does not wait for one); the task is idempotent.
   */
  public void prepare(AddonRef addon, String image) {
    String addonId = addon.addonId();
    if (prepared.contains(addonId)) {
      return;
    }
    if (!store.repositoryPrepared(addonId)) {
      tasks.run("prepare-repository", addon, REPOSITORY_NODE, image, new Mounts("root", List.of(own(addonId))), List.of(),
          Map.of(), List.of("pgaddon-prepare-repository"));
      store.repositoryPrepared(addonId, true);
    }
    prepared.add(addonId);
  }

  /**
   * Deletes the addon's repository: its backups and archived WAL, then the object store's copy (the host's
   * directory first, so the shipper has nothing of it left to copy again).
   */
  public void remove(AddonRef addon, String image) {
    prepared.remove(addon.addonId());
    store.repositoryPrepared(addon.addonId(), false);
    tasks.run("remove-repository", addon, REPOSITORY_NODE, image,
        new Mounts("root", List.of(new Bind(repository.root().toString(), new Volume(BackupLayout.ROOT_MOUNT)))),
        List.of(), Map.of(), List.of("pgaddon-remove-repository", BackupRepository.requireAddonDirectoryName(addon.addonId())));
    purgeStoreCopy(tasks, objectStore, addon, image);
  }

  /** Deletes the object store's copy of the addon's repository (nothing when no store is configured). */
  public static void purgeStoreCopy(NodeTasks tasks, ObjectStore objectStore, AddonRef addon, String image) {
    if (!objectStore.configured()) {
      return;
    }
    tasks.run("purge-store-copy", addon, REPOSITORY_NODE, image, Mounts.none().alsoOn(objectStore.network()),
        objectStore.environment(addon.addonId()), objectStore.credentialFiles(),
        List.of("pgaddon-store-purge", BackupRepository.requireAddonDirectoryName(addon.addonId())));
  }
}
