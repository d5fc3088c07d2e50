# An addon is imported by app:addon_id (`pgaddon --app my-app addons` lists the IDs).
tofu import pgaddon_addon.db my-app:ad-0f8e4c52-7d3a-4b19-9e61-5a2c8d7b3f04
