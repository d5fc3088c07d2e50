package dev.pgaddon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatabaseUsersTest {
  @Test
  void aPasswordFromStandardInputLosesOnlyItsFinalNewline() {
    assertEquals("só-lecture 2026", DatabaseUsers.readStdin(in("só-lecture 2026\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals("two\nlines", DatabaseUsers.readStdin(in("two\nlines\r\n".getBytes(StandardCharsets.UTF_8))));
    assertEquals("", DatabaseUsers.readStdin(in(new byte[0])), "empty: the platform generates one");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedNotGuessed() {
    CliError e = assertThrows(CliError.class, () -> DatabaseUsers.readStdin(in(new byte[] {'a', 'b', (byte) 0xff, 'c'})));
    assertEquals(CliError.INVALID, e.exitCode());
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
  }

  private static ByteArrayInputStream in(byte[] bytes) {
    return new ByteArrayInputStream(bytes);
  }
}
