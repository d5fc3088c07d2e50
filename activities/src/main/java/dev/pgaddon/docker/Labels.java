package dev.pgaddon.docker;

import dev.pgaddon.node.NodeActivities.AddonRef;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Docker labels that make the infrastructure the record of what exists. */
public final class Labels {
  public static final String ADDON = "pgaddon.addon";
  public static final String APP = "pgaddon.app";
  public static final String PLAN = "pgaddon.plan";
  public static final String NODE = "pgaddon.node";
  public static final String ROLE = "pgaddon.role";
  public static final String VERSION = "pgaddon.version";
  public static final String PORT = "pgaddon.port";
  public static final String DATABASE = "pgaddon.database";
  /** "node" for PostgreSQL nodes, "task" for one-shot containers (initdb, pg_basebackup). */
  public static final String KIND = "pgaddon.kind";
  /** On the endpoint container: the application's restart hook (an http(s) URL or a command). */
  public static final String RESTART_HOOK = "pgaddon.restart-hook";
  /** Optional: who made it (tests set it so their leftovers can be found). */
  public static final String OWNER = "pgaddon.owner";

  private Labels() {}

  public static Map<String, String> forAddon(AddonRef addon, String node, String kind) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ADDON, addon.addonId());
    labels.put(APP, addon.app());
    labels.put(PLAN, addon.planId());
    labels.put(NODE, node);
    labels.put(KIND, kind);
    String owner = currentOwner();
    if (owner != null) {
      labels.put(OWNER, owner);
    }
    return labels;
  }

  /** Whose objects this process makes (a test run's id), or null for the platform's own. */
  public static String currentOwner() {
    return dev.pgaddon.settings.PlatformSettings.current().owner();
  }
}
