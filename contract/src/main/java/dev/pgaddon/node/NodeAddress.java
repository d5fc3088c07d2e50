package dev.pgaddon.node;

/** Where a running node answers: its container and its port on the host network. */
public record NodeAddress(String node, String container, String host, int port) {}
