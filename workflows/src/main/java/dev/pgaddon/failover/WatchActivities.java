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

  record WatchInput(String addonId) {}

  /**
   * @param kind quiet (the round is over, all well), gone (the addon was removed), primary-down, follower-down
   * @param down the node that stopped answering
   * @param follower the business plan's other node, if it answers as a follower
   * @param lossless the primary's last check showed commits waiting for that follower (synchronous and
   *     streaming): promoting it loses no acknowledged commit
   */
  record Verdict(String kind, String app, String down, String follower, boolean lossless, String detail) {
    public static Verdict quiet() {
      return new Verdict(QUIET, null, null, null, false, "");
    }
  }

  @ActivityMethod(name = "WatchNodes")
  Verdict watch(WatchInput input);
}
