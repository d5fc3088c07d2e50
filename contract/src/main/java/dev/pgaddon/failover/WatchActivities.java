package dev.pgaddon.failover;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The watchdog's eyes: one long activity that checks an addon's nodes every second and returns only when it must act. */
@ActivityInterface
public interface WatchActivities {
  String QUIET = "quiet";
  String GONE = "gone";
  String PRIMARY_DOWN = "primary-down";
  String FOLLOWER_DOWN = "follower-down";

  /** @param lastPrimary the primary the previous round knew (null at first): labels do not follow promotions */
  record WatchInput(String addonId, String lastPrimary) {}

  /**
   * @param kind quiet (the round is over, all well), gone (the addon was removed), primary-down, follower-down
   * @param down the node that stopped answering
   * @param follower the business plan's other node, if it answers as a follower
   * @param lossless the primary's last check in this attempt showed commits waiting for that follower
   *     (synchronous and streaming): promoting it loses no acknowledged commit
   * @param primary the primary the watch knew last, handed to the next round
   */
  record Verdict(String kind, String app, String down, String follower, boolean lossless, String detail, String primary) {
    public static Verdict quiet(String primary) {
      return new Verdict(QUIET, null, null, null, false, "", primary);
    }
  }

  @ActivityMethod(name = "WatchNodes")
  Verdict watch(WatchInput input);
}
