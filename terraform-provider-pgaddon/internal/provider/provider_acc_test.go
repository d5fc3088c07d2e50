package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// Acceptance tests against the real stack (API, control database, Temporal, worker, Docker),
// run by OpenTofu: scripts/terraform-test.sh sets TF_ACC, TF_ACC_TERRAFORM_PATH, the provider
// namespace and host OpenTofu needs, PGADDON_API_URL, and PGADDON_API_TOKEN for PGADDON_TF_APP.

var factories = map[string]func() (tfprotov6.ProviderServer, error){
	"pgaddon": providerserver.NewProtocol6WithError(New("test")()),
}

func app(t *testing.T) string {
	a := os.Getenv("PGADDON_TF_APP")
	if a == "" {
		t.Skip("PGADDON_TF_APP names the app of PGADDON_API_TOKEN (scripts/terraform-test.sh sets both)")
	}
	return a
}

func client() *Client {
	return NewClient(firstOf(os.Getenv("PGADDON_API_URL"), "http://127.0.0.1:8080"), os.Getenv("PGADDON_API_TOKEN"))
}

// timeoutsBlock is how long apply waits for the addon's operations, as configurations say it.
const timeoutsBlock = `
  timeouts {
    create = "30m"
    update = "40m"
    delete = "30m"
  }
`

// operationTimeoutLine says it the deprecated way (configurations made before the timeouts block).
const operationTimeoutLine = `
  operation_timeout = "45m"
`

func addonConfig(app, plan, version string) string {
	return addonConfigWaiting(app, plan, version, timeoutsBlock)
}

// addonConfigWaiting is the addon with its waits (timeoutsBlock or operationTimeoutLine).
func addonConfigWaiting(app, plan, version, waits string) string {
	return fmt.Sprintf(`
resource "pgaddon_addon" "db" {
  app         = %q
  provider_id = "postgresql"
  plan        = %q
  version     = %q
%s}
`, app, plan, version, waits)
}

func withUserAndExtension(app, plan, version string) string {
	return withUserPassword(app, plan, version, "")
}

// withUserPassword gives the user a password of the config's, or none (the platform's) when empty.
func withUserPassword(app, plan, version, password string) string {
	return withUserPasswordWaiting(app, plan, version, password, timeoutsBlock)
}

func withUserPasswordWaiting(app, plan, version, password, waits string) string {
	passwordLine := ""
	if password != "" {
		passwordLine = fmt.Sprintf("  password  = %q\n", password)
	}
	return addonConfigWaiting(app, plan, version, waits) + fmt.Sprintf(`
resource "pgaddon_database_user" "reader" {
  app       = %q
  addon     = pgaddon_addon.db.id
  name      = "tf_reader"
  read_only = true
%s}

resource "pgaddon_database_extension" "trgm" {
  app   = %q
  addon = pgaddon_addon.db.id
  name  = "pg_trgm"
}

data "pgaddon_plans" "all" {}
`, app, passwordLine, app)
}

// nodeMemory is the memory limit Docker gives the addon's first node.
func nodeMemory(id string) (string, error) {
	out, err := exec.Command("docker", "inspect", "-f", "{{.HostConfig.Memory}}", "pgaddon-"+id+"-node1").Output()
	return strings.TrimSpace(string(out)), err
}

func TestAccAddonLifecycle(t *testing.T) {
	a := app(t)
	var id string
	keepID := func(s *terraform.State) error {
		id = s.RootModule().Resources["pgaddon_addon.db"].Primary.ID
		return nil
	}
	sameID := func(s *terraform.State) error {
		if now := s.RootModule().Resources["pgaddon_addon.db"].Primary.ID; now != id {
			return fmt.Errorf("the addon was replaced: %s, then %s", id, now)
		}
		return nil
	}
	memoryIs := func(bytes string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			got, err := nodeMemory(id)
			if err != nil || got != bytes {
				return fmt.Errorf("node memory limit %q (%v), want %s", got, err, bytes)
			}
			return nil
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := client().Addon(context.Background(), a, id); !IsNotFound(err) {
				return fmt.Errorf("addon %s still exists after destroy (%v)", id, err)
			}
			out, _ := exec.Command("docker", "ps", "-aq", "--filter", "label=pgaddon.addon="+id).Output()
			if strings.TrimSpace(string(out)) != "" {
				return fmt.Errorf("containers of %s left behind: %s", id, out)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{ // A starter addon.
				Config: addonConfig(a, "postgresql-starter-512", "15.18"),
				Check: resource.ComposeAggregateTestCheckFunc(keepID,
					resource.TestMatchResourceAttr("pgaddon_addon.db", "id", regexp.MustCompile(`^ad-[0-9a-f-]{36}$`)),
					resource.TestCheckResourceAttr("pgaddon_addon.db", "status", "running"),
					resource.TestCheckResourceAttr("pgaddon_addon.db", "version", "15.18"),
					resource.TestMatchResourceAttr("pgaddon_addon.db", "connection_url", regexp.MustCompile(`^postgres://`)),
					memoryIs("536870912")),
			},
			{ // Its plan changed in place: the same addon, the node's new memory limit.
				Config: addonConfig(a, "postgresql-starter-1024", "15.18"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("pgaddon_addon.db", plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(sameID,
					resource.TestCheckResourceAttr("pgaddon_addon.db", "plan", "postgresql-starter-1024"),
					memoryIs("1073741824")),
			},
			{ // Its version upgraded in place; a read-only user and an extension added; the plans read.
				Config: withUserAndExtension(a, "postgresql-starter-1024", "15.20"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("pgaddon_addon.db", plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(sameID,
					resource.TestCheckResourceAttr("pgaddon_addon.db", "version", "15.20"),
					resource.TestCheckResourceAttr("pgaddon_database_user.reader", "read_only", "true"),
					resource.TestMatchResourceAttr("pgaddon_database_user.reader", "password", regexp.MustCompile(`^[A-Za-z0-9_]{64}$`)),
					resource.TestMatchResourceAttr("pgaddon_database_extension.trgm", "version", regexp.MustCompile(`^\d`)),
					resource.TestCheckResourceAttr("data.pgaddon_plans.all", "plans.#", fmt.Sprint(len(mustPlans(t)))),
					func(*terraform.State) error {
						users, err := client().Users(context.Background(), a, id)
						for _, u := range users {
							if u.Username == "tf_reader" && u.ReadOnly {
								return nil
							}
						}
						return fmt.Errorf("tf_reader is not a read-only user of %s: %v %v", id, users, err)
					}),
			},
			{ // Imported by app:addon_id, it matches what the state holds.
				ResourceName:            "pgaddon_addon.db",
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return a + ":" + id, nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"operation_timeout", "timeouts"}, // the config's, not the API's
			},
			{ // A password of the config's replaces the generated one in place.
				Config: withUserPassword(a, "postgresql-starter-1024", "15.20", "Tf-reader-pass-2026"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("pgaddon_database_user.reader", plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(sameID,
					resource.TestCheckResourceAttr("pgaddon_database_user.reader", "password", "Tf-reader-pass-2026")),
			},
			{ // A plan change made with the CLI (here the API) shows as drift.
				PreConfig: func() {
					op, err := client().ChangePlan(context.Background(), a, id, "postgresql-starter-512")
					if err == nil {
						err = client().Wait(context.Background(), op, 10*time.Minute)
					}
					if err != nil {
						t.Fatalf("plan change outside Terraform: %v", err)
					}
				},
				Config:             withUserAndExtension(a, "postgresql-starter-1024", "15.20"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{ // Applied again, the config wins back.
				Config: withUserAndExtension(a, "postgresql-starter-1024", "15.20"),
				Check:  resource.ComposeAggregateTestCheckFunc(sameID, memoryIs("1073741824")),
			},
			{ // A plan that does not exist: the API's sentence, nothing changed.
				Config:      withUserAndExtension(a, "postgresql-gold-9", "15.20"),
				ExpectError: regexp.MustCompile(`unknown plan 'postgresql-gold-9'`),
			},
			{ // A rule's refusal: no downgrade.
				Config:      withUserAndExtension(a, "postgresql-starter-1024", "15.18"),
				ExpectError: regexp.MustCompile(`PostgreSQL 15.18 is older than 15.20: downgrades are not possible`),
			},
			{ // After both refusals the addon is as it was.
				Config: withUserAndExtension(a, "postgresql-starter-1024", "15.20"),
				Check: resource.ComposeAggregateTestCheckFunc(sameID, memoryIs("1073741824"),
					resource.TestCheckResourceAttr("pgaddon_addon.db", "version", "15.20"),
					resource.TestCheckResourceAttr("pgaddon_addon.db", "timeouts.update", "40m")),
			},
			{ // A configuration made before the timeouts block: the deprecated operation_timeout still
				// works (a warning, no error), changed in place; destroy then waits as it says.
				Config: withUserPasswordWaiting(a, "postgresql-starter-1024", "15.20", "", operationTimeoutLine),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("pgaddon_addon.db", plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(sameID, memoryIs("1073741824"),
					resource.TestCheckResourceAttr("pgaddon_addon.db", "operation_timeout", "45m"),
					resource.TestCheckNoResourceAttr("pgaddon_addon.db", "timeouts.update"),
					resource.TestCheckResourceAttr("pgaddon_addon.db", "status", "running")),
			},
		},
	})
}

func TestAccTheProtectedUserCannotBeManaged(t *testing.T) {
	a := app(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: addonConfig(a, "postgresql-sandbox", "17.12") + fmt.Sprintf(`
resource "pgaddon_database_user" "owner" {
  app   = %q
  addon = pgaddon_addon.db.id
  name  = nonsensitive(regex("//([^:]+):", pgaddon_addon.db.connection_url)[0])
}
`, a),
				ExpectError: regexp.MustCompile(`protected`),
			},
		},
	})
}

func mustPlans(t *testing.T) []Plan {
	plans, err := client().Plans(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return plans
}
