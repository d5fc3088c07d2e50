package dev.pgaddon.provision;

/** @param url the connection URL, with the default user's password (encrypted in history by the codec) */
public record ProvisionResult(String addonId, String planId, String version, String database, String username, String url) {}
