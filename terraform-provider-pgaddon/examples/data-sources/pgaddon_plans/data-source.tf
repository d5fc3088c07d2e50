data "pgaddon_plans" "all" {}

# The first highly available plan with at least 1 GiB of memory (the plans come in the API's
# order, the smaller first).
locals {
  ha_plans = [
    for p in data.pgaddon_plans.all.plans : p
    if p.high_availability && p.memory_mib >= 1024
  ]
}

resource "pgaddon_addon" "ha" {
  app  = "my-app"
  plan = local.ha_plans[0].id
}

output "plan_ids" {
  value = data.pgaddon_plans.all.plans[*].id
}
