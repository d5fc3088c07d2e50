package dev.pgaddon.failover;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The watchdog's eyes: one long activity that checks an addon's nodes every second and returns only when it must act. */
@ActivityInterface
public interface WatchActivities {
  /**
   * What a watch round ends on. In workflow histories by its wire name ("primary-down"), as when it
   * was a string: recorded histories replay.
   */
  enum Kind {
    /** The round is over, all well. */
    QUIET("quiet"),
    /** The addon was removed. */
    GONE("gone"),
    PRIMARY_DOWN("primary-down"),
    FOLLOWER_DOWN("follower-down");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    @JsonValue
    @Override
    public String toString() {
      return wire;
    }

    @JsonCreator
    public static Kind of(String wire) {
      for (Kind kind : values()) {
        if (kind.wire.equals(wire)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("not a watch verdict: " + wire);
    }
  }

  Kind QUIET = Kind.QUIET;
  Kind GONE = Kind.GONE;
  Kind PRIMARY_DOWN = Kind.PRIMARY_DOWN;
  Kind FOLLOWER_DOWN = Kind.FOLLOWER_DOWN;

  /** @param lastPrimary the primary the previous round knew (null at first): labels do not follow promotions */
  record WatchInput(String addonId, String lastPrimary) {}

  /**
   * @param kind what the round ended on
   * @param down the node that stopped answering
   * @param follower the business plan's other node, if it answers as a follower
   * @param lossless the primary's last check in this attempt showed commits waiting for that follower
   *     (synchronous and streaming): promoting it loses no acknowledged commit
   * @param primary the primary the watch knew last, handed to the next round
   */
  record Verdict(Kind kind, String app, String down, String follower, boolean lossless, String detail, String primary) {
    public static Verdict quiet(String primary) {
      return new Verdict(QUIET, null, null, null, false, "", primary);
    }
  }

  @ActivityMethod(name = "WatchNodes")
  Verdict watch(WatchInput input);
}
