package dev.pgaddon.users;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spec's rules for database users, checked by the API and again by the workflow before anything
 * changes. Names keep their case: a user logs in with exactly the name it was given (the name is
 * always quoted in SQL); a name that differs from an existing one only by case is refused.
 */
public final class UserRules {
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{5,31}");
  /** Roles of PostgreSQL and of the platform: never an application user's name, in any case. */
  private static final Set<String> RESERVED = Set.of("postgres", "replicator", "pgbouncer_auth", "pgaddon", "public",
      "current_user", "session_user", "current_role", "none");
  public static final int PASSWORD_MIN = 8;
  public static final int PASSWORD_MAX = 64;

  private UserRules() {}

  /** Null when the name may be given to a new user, otherwise the rule it breaks. */
  public static String usernameProblem(String username) {
    if (username == null || username.isEmpty()) {
      return "a username is required";
    }
    if (username.length() > 64 || !USERNAME.matcher(username).matches()) {
      return "invalid username " + shown(username) + ": 6 to 32 characters, only letters, digits and '_', starting with a letter";
    }
    String lower = username.toLowerCase(Locale.ROOT);
    if (lower.startsWith("pg_")) {
      return "invalid username " + shown(username) + ": names starting with 'pg_' are reserved by PostgreSQL";
    }
    if (RESERVED.contains(lower)) {
      return "invalid username " + shown(username) + ": the name is reserved";
    }
    return null;
  }

  /** Null when the password is acceptable; its length is counted in characters, not bytes. */
  public static String passwordProblem(String password) {
    if (password == null) {
      return "a password is required";
    }
    if (password.indexOf('\0') >= 0) {
      return "invalid password: it contains a NUL character";
    }
    if (!wellFormed(password)) {
      return "invalid password: it is not valid UTF-8 text";
    }
    int length = password.codePointCount(0, password.length());
    if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
      return "invalid password: " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters (it has " + length + ")";
    }
    if (password.indexOf('"') >= 0 || password.indexOf('\'') >= 0) {
      return "invalid password: it must not contain the character \" or '";
    }
    return null;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A name as an error message may show it: never more than 40 characters, control characters escaped. */
  private static String shown(String s) {
    StringBuilder b = new StringBuilder("'");
    s.codePoints().limit(40).forEach(cp -> {
      if (Character.isISOControl(cp)) {
        b.append(String.format("\\u%04x", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    return b.append(s.codePointCount(0, s.length()) > 40 ? "…'" : "'").toString();
  }
}
