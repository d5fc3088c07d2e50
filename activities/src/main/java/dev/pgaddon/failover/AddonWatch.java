package dev.pgaddon.failover;

import dev.pgaddon.failover.WatchActivities.Verdict;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.node.NodeNames;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.ReplicationMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What the watchdog knows of one addon between two checks: its nodes (re-read from the engine now
 * and then), which one is primary, an open connection to it, and how many checks in a row failed.
 * One check is one query on the primary: its role, its synchronous setting, and its follower's slot.
 */
final class AddonWatch implements AutoCloseable {
  /** Consecutive failed checks before the watchdog acts: one lost packet is no failure. */
  static final int MISSES = 3;
  private static final Duration TOPOLOGY_EVERY = Duration.ofSeconds(15);
  private static final String CHECK = "SELECT pg_is_in_recovery(), current_setting('synchronous_standby_names'),"
      + " (SELECT r.state || '/' || r.sync_state || '/' || coalesce(r.application_name, '') FROM pg_stat_replication r"
      + " JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = ?)";

  /** What a check asks the watchdog to do, once it knows no operation runs on the addon. */
  enum Finding { NONE, GONE, PRIMARY_DOWN, FOLLOWER_DOWN, FOLLOWER_BACK }

  private final String addonId;
  private final AddonInventory inventory;
  private final PostgresConnections connections;
  private AddonView view;
  private long viewReadAt;
  private String primary;
  private String lastPrimary;
  /** Nodes the last look-up saw answering as followers: none of them is the primary that failed. */
  private final java.util.Set<String> followers = new java.util.HashSet<>();
  private boolean lossless;
  /** When a check last saw commits waiting for the follower (wall clock, to compare with an operation's end). */
  private java.time.Instant losslessSeenAt;
  private String standbyNames = "";
  private Connection connection;
  private int primaryMisses;
  private int followerMisses;
  private String lastError = "";

  /**
   * @param lastPrimary the primary a previous round or attempt knew; whether its follower was
   *     synchronous is never carried over: only what this attempt saw itself allows a failover
   */
  AddonWatch(String addonId, AddonInventory inventory, PostgresConnections connections, String lastPrimary) {
    this.addonId = addonId;
    this.inventory = inventory;
    this.connections = connections;
    this.primary = lastPrimary;
    this.lastPrimary = lastPrimary;
  }

  /** The primary this watch knows now, or the last one it knew. */
  String lastPrimary() {
    return primary != null ? primary : lastPrimary;
  }

  WatchMemory memory() {
    return new WatchMemory(lastPrimary());
  }

  Finding check() {
    if (view == null || System.nanoTime() - viewReadAt > TOPOLOGY_EVERY.toNanos()) {
      view = inventory.find(addonId).orElse(null);
      viewReadAt = System.nanoTime();
      if (view == null) {
        return Finding.GONE; // no container and no volume left: removed
      }
    }
    if (primary == null || node(primary) == null) {
      primary = identifyPrimary();
    }
    String slotState = probePrimary();
    if (primaryMisses >= MISSES) {
      return Finding.PRIMARY_DOWN;
    }
    if (primaryMisses > 0 || !highAvailability()) {
      return Finding.NONE;
    }
    boolean streaming = slotState != null && slotState.startsWith("streaming/");
    followerMisses = streaming ? 0 : followerMisses + 1;
    if (followerMisses >= MISSES) {
      return Finding.FOLLOWER_DOWN;
    }
    // Streaming under its own name while the primary does not wait for it: after a repair that ended
    // early, or a blip the primary was released for.
    return streaming && standbyNames.isEmpty() && slotState.endsWith("/" + follower()) ? Finding.FOLLOWER_BACK : Finding.NONE;
  }

  /** After an operation was seen running: its planned stops are no failure. */
  void forgive() {
    primaryMisses = 0;
    followerMisses = 0;
    // The operation may have made the primary asynchronous: only a check after it may say otherwise.
    lossless = false;
  }

  /** When a check last saw the follower synchronous, or null. */
  java.time.Instant losslessSeenAt() {
    return lossless ? losslessSeenAt : null;
  }

  /** Commits stop waiting for the follower that is gone, so writes go on (asynchronous). */
  void releasePrimary() throws SQLException {
    if (connection != null && !standbyNames.isEmpty()) {
      ReplicationMode.asynchronous(connection);
      standbyNames = "";
      lossless = false;
    }
  }

  /** Commits wait for the follower again (synchronous). */
  void holdPrimary() throws SQLException {
    if (connection != null) {
      ReplicationMode.synchronous(connection, follower());
      standbyNames = follower();
    }
  }

  Verdict verdict(WatchActivities.Kind kind) {
    String app = view == null ? null : view.app();
    return switch (kind) {
      case PRIMARY_DOWN -> new Verdict(kind, app, presumedPrimary(), highAvailability() ? follower() : null,
          lossless, "primary " + presumedPrimary() + " did not answer " + MISSES + " checks in a row: " + lastError,
          lastPrimary());
      case FOLLOWER_DOWN -> new Verdict(kind, app, follower(), follower(), false,
          "follower " + follower() + " did not stream for " + MISSES + " checks in a row", lastPrimary());
      default -> new Verdict(kind, app, null, null, false, "", lastPrimary());
    };
  }

  /** The one query of a check; null when the primary did not answer or has no follower slot in use. */
  private String probePrimary() {
    if (primary == null) {
      miss("no node answers as primary");
      viewReadAt = 0; // a view read before the nodes were made (a watch started during provisioning) is read again
      return null;
    }
    try {
      if (connection == null) {
        connection = connections.watchdog(addonId, view.address(node(primary)));
      }
      try (PreparedStatement ps = connection.prepareStatement(CHECK)) {
        ps.setString(1, follower());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            // No longer primary (a switchover): which node is, is looked up again at the next check.
            lastPrimary = primary;
            primary = null;
            closeConnection();
            return null;
          }
          primaryMisses = 0;
          standbyNames = rs.getString(2);
          String slot = rs.getString(3);
          lossless = !standbyNames.isEmpty() && slot != null && slot.startsWith("streaming/sync/");
          if (lossless) {
            losslessSeenAt = java.time.Instant.now();
          }
          return slot;
        }
      }
    } catch (SQLException | RuntimeException e) {
      closeConnection();
      viewReadAt = 0; // a node recreated meanwhile is seen at the next check
      // A primary down is reported only while no other node answers as primary (after a switchover
      // that left the former one stopped, the watch follows the node that took over).
      String other = identifyPrimary();
      if (other != null) {
        primary = other;
        lossless = false;
        primaryMisses = 0;
        return null;
      }
      miss(e.getMessage());
      return null;
    }
  }

  private void miss(String why) {
    primaryMisses++;
    lastError = why;
  }

  private String identifyPrimary() {
    followers.clear();
    String found = null;
    for (AddonView.NodeView n : view.nodes()) {
      if (!n.running()) {
        continue;
      }
      try (Connection c = connections.watchdog(addonId, view.address(n));
          ResultSet rs = c.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        if (rs.getBoolean(1)) {
          followers.add(n.node());
        } else if (found == null) {
          found = n.node();
        }
      } catch (SQLException unreachable) {
        lastError = n.node() + ": " + unreachable.getMessage();
      }
    }
    if (found != null) {
      lastPrimary = found;
    }
    return found;
  }

  /**
   * The node that failed: the last one seen as primary; else one that does not answer as follower
   * (the one made as primary first: labels keep the role a node was made with, not a promotion).
   */
  private String presumedPrimary() {
    if (lastPrimary() != null) {
      return lastPrimary();
    }
    return view.nodes().stream().filter(n -> !followers.contains(n.node()))
        .sorted(java.util.Comparator.comparing((AddonView.NodeView n) -> !NodeRole.PRIMARY.is(n.role())))
        .map(AddonView.NodeView::node).findFirst().orElse(NodeNames.FIRST);
  }

  /** A business addon's other node (node1 and node2; its slot on the primary has its name). */
  private String follower() {
    return NodeNames.other(presumedPrimary());
  }

  private boolean highAvailability() {
    return view != null && PlanCatalog.find(view.planId()).map(Plan::highAvailability).orElse(false);
  }

  private AddonView.NodeView node(String name) {
    return view.nodes().stream().filter(n -> n.node().equals(name)).findFirst().orElse(null);
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a connection to a node that is gone
      }
      connection = null;
    }
  }

  @Override
  public void close() {
    closeConnection();
  }
}
