package dev.pgaddon.util;

/** Sleeping in polling loops: an interrupt (a cancelled activity, a stopping CLI) ends the wait. */
public final class Waits {
  private Waits() {}

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
