package dev.pgaddon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.BackupBody;
import dev.pgaddon.api.body.ConnectionBody;
import dev.pgaddon.api.body.DatabaseBody;
import dev.pgaddon.api.body.ExtensionBody;
import dev.pgaddon.api.body.OperationBody;
import dev.pgaddon.api.body.PitrBody;
import dev.pgaddon.api.body.PlanBody;
import dev.pgaddon.api.body.SessionBody;
import dev.pgaddon.api.body.UserBody;
import dev.pgaddon.operation.StepState;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The response records on the wire, as {@link Json} writes them: the names, the nesting, null
 * written as null (never left out, but for a password the platform did not generate), the numbers'
 * types. What the CLI, the dashboard and the Terraform provider read.
 */
class ResponseBodiesTest {
  private static void wire(String expected, Object body) {
    assertEquals(Json.read(expected.replace('\'', '"')), Json.read(Json.write(body)), Json.write(body));
  }

  private static JsonNode tree(String json) {
    return Json.read(json.replace('\'', '"'));
  }

  private static AddonBody addon(String version) {
    return new AddonBody("ad-1", "app", "postgresql", "postgresql-sandbox", version, "running", "2026-01-02T03:04:05Z",
        "2026-01-02T03:04:06Z");
  }

  private static OperationBody operation() {
    return new OperationBody("op-1", "provision", "ad-1", "app", "running", null, tree("{'addonId':'ad-1'}"),
        "2026-01-02T03:04:05Z", null, List.of(new OperationBody.Step("start", "running", null)), null, null, "addon-ad-1", "run-1");
  }

  private static final String OPERATION = "{'id':'op-1','kind':'provision','addon_id':'ad-1','app':'app','status':'running',"
      + "'requested_by':null,'request':{'addonId':'ad-1'},'started_at':'2026-01-02T03:04:05Z','closed_at':null,"
      + "'steps':[{'name':'start','state':'running','note':null}],'error':null,'result':null,'workflow_id':'addon-ad-1',"
      + "'run_id':'run-1'}";

  @Test
  void errors() {
    wire("{'error':{'code':'not_found','message':'unknown app'}}", ApiServer.errorBody("not_found", "unknown app"));
  }

  @Test
  void plansAndAddons() {
    wire("{'plans':[{'id':'p','name':'P','memory_mib':512,'cpus':0.5,'disk_quota_gib':5,'max_connections':50,"
        + "'high_availability':false}],'versions':['17.12']}",
        new PlanBody.Catalog(List.of(new PlanBody("p", "P", 512, 0.5, 5, 50, false)), List.of("17.12")));
    wire("{'plans':[{'id':'p','name':'P','memory_mib':512,'cpus':1.0,'disk_quota_gib':5,'max_connections':50,"
        + "'high_availability':true}],'versions':[]}",
        new PlanBody.Catalog(List.of(new PlanBody("p", "P", 512, 1.0, 5, 50, true)), List.of()));
    String addon = "{'id':'ad-1','app':'app','provider_id':'postgresql','plan_id':'postgresql-sandbox','version':null,"
        + "'status':'running','created_at':'2026-01-02T03:04:05Z','updated_at':'2026-01-02T03:04:06Z'}";
    wire("{'addon':" + addon + "}", new AddonBody.One(addon(null)));
    wire("{'addons':[" + addon + "]}", new AddonBody.Many(List.of(addon(null))));
    wire("{'operation':" + OPERATION + ",'addon':" + addon.replace("'version':null", "'version':'17.12'") + "}",
        new AddonBody.Accepted(operation(), addon("17.12")));
  }

  @Test
  void databaseAndConnection() {
    wire("{'database':{'addon_id':'ad-1','plan_id':'p','version':'17.12','next_version':null,'versions_offered':['17.12'],"
        + "'status':'running','nodes':[{'name':'n0','port':5432}],'replication':null,'endpoint':{'host':'127.0.0.1','port':40001},"
        + "'database_name':'app','observed_at':'2026-01-02T03:04:05Z'}}",
        new DatabaseBody.One(new DatabaseBody("ad-1", "p", "17.12", null, List.of("17.12"), "running",
            tree("[{'name':'n0','port':5432}]"), null, new DatabaseBody.Endpoint("127.0.0.1", 40001), "app",
            "2026-01-02T03:04:05Z")));
    wire("{'database':{'addon_id':'ad-1','plan_id':'p','version':null,'next_version':null,'versions_offered':[],"
        + "'status':'provisioning','nodes':null,'replication':null,'endpoint':null,'database_name':null,'observed_at':null}}",
        new DatabaseBody.One(new DatabaseBody("ad-1", "p", null, null, List.of(), "provisioning", null, null, null, null, null)));
    wire("{'connection':{'addon_id':'ad-1','url':'postgres://u:p@h:1/d','restart_hook_secret':null}}",
        new ConnectionBody.One(new ConnectionBody("ad-1", "postgres://u:p@h:1/d", null)));
  }

  @Test
  void operations() {
    wire("{'operation':" + OPERATION + "}", new OperationBody.One(operation()));
    OperationBody failed = new OperationBody("op-2", "remove", "ad-1", "app", "failed", "tok-1", tree("{}"),
        "2026-01-02T03:04:05Z", "2026-01-02T03:05:05Z", null, new OperationBody.Failure("node_failed", "null"),
        tree("{'removed':true}"), "addon-ad-1", "run-2");
    wire("{'operations':[{'id':'op-2','kind':'remove','addon_id':'ad-1','app':'app','status':'failed','requested_by':'tok-1',"
        + "'request':{},'started_at':'2026-01-02T03:04:05Z','closed_at':'2026-01-02T03:05:05Z','steps':null,"
        + "'error':{'code':'node_failed','message':'null'},'result':{'removed':true},'workflow_id':'addon-ad-1','run_id':'run-2'}],"
        + "'meta':{'pagination':{'current_page':1,'per_page':20,'total_count':1,'total_pages':1,'next_page':null,"
        + "'prev_page':null}}}",
        new OperationBody.Page(List.of(failed), new OperationBody.Meta(new OperationBody.Pagination(1, 20, 1, 1, null, null))));
  }

  @Test
  void recordedStepsReadBackAsTheyWereWritten() {
    List<StepState> progress = List.of(new StepState("stop", StepState.Status.DONE, "in 2 s"),
        new StepState("start", StepState.Status.PENDING, null));
    String recorded = Json.write(progress.stream().map(StepState::view).toList());
    wire(recorded, Json.steps(recorded));
    assertEquals(null, Json.steps(null));
  }

  @Test
  void usersAndExtensions() {
    wire("{'users':[{'username':'app_user','read_only':false,'protected':true}]}",
        new UserBody.Many(tree("[{'username':'app_user','read_only':false,'protected':true}]")));
    wire("{'operation':" + OPERATION + ",'user':{'username':'reporting','read_only':true},'password':'generated'}",
        new UserBody.Accepted(operation(), new UserBody.User("reporting", true), "generated"));
    wire("{'operation':" + OPERATION + ",'user':{'username':'reporting','read_only':false}}",
        new UserBody.Accepted(operation(), new UserBody.User("reporting", false), null));
    wire("{'extensions':[]}", new ExtensionBody.Many(Json.MAPPER.createArrayNode()));
    wire("{'operation':" + OPERATION + ",'extension':{'name':'pg_trgm'}}",
        new ExtensionBody.Accepted(operation(), new ExtensionBody.Extension("pg_trgm")));
  }

  @Test
  void backupsAndRecovery() {
    wire("{'backups':[{'id':'bk-1','created_at':'2026-01-02T03:04:05Z','finished_at':null,'size':null,'status':'running',"
        + "'method':'manual','version':null,'error':null,'stored_size':null,'verification':null},{'id':'bk-0',"
        + "'created_at':'2026-01-01T03:04:05Z','finished_at':'2026-01-01T03:05:05Z','size':12345678901,'status':'done',"
        + "'method':'periodic','version':'17.12','error':null,'stored_size':1234567890,'verification':'ok'}]}",
        new BackupBody.Many(List.of(new BackupBody("bk-1", "2026-01-02T03:04:05Z", null, null, "running", "manual", null, null, null, null),
            new BackupBody("bk-0", "2026-01-01T03:04:05Z", "2026-01-01T03:05:05Z", 12_345_678_901L, "done", "periodic",
                "17.12", null, 1_234_567_890L, "ok"))));
    wire("{'backup_schedule':{'scheduled_at':3,'retention_days':7}}",
        new BackupBody.ScheduleOne(new BackupBody.Schedule(3, 7)));
    wire("{'pitr':{'addon_id':'ad-1','recovery_window':null,'archiving':'ok','archive_lag_bytes':0,'archive_lag_seconds':0,'epochs':[{'major':17,"
        + "'earliest':'2026-01-01T03:05:05Z','latest':'2026-01-02T03:04:05Z','current':true}]}}",
        new PitrBody.One(new PitrBody("ad-1", null, "ok", 0L, 0L, List.of(
            new PitrBody.Epoch(17, "2026-01-01T03:05:05Z", "2026-01-02T03:04:05Z", true)))));
    wire("{'pitr':{'addon_id':'ad-1','recovery_window':{'earliest':'a','latest':'b'},'archiving':'ok','archive_lag_bytes':null,'archive_lag_seconds':null,'epochs':[]}}",
        new PitrBody.One(new PitrBody("ad-1", new PitrBody.Window("a", "b"), "ok", null, null, List.of())));
    wire("{'operation':" + OPERATION + ",'source_addon_id':'ad-1','addon_id':'ad-2'}",
        new PitrBody.Accepted(operation(), "ad-1", "ad-2"));
  }

  @Test
  void sessionsAndApps() {
    wire("{'session':{'token':'pgs_x','expires_at':'2026-01-02T15:04:05Z','idle_timeout_seconds':1800,"
        + "'temporal_ui_url':'http://127.0.0.1:8233'}}",
        new SessionBody.One(new SessionBody("pgs_x", "2026-01-02T15:04:05Z", 1800, "http://127.0.0.1:8233")));
    wire("{'apps':[{'name':'a'},{'name':'b'}]}", new SessionBody.Apps(List.of(new SessionBody.App("a"), new SessionBody.App("b"))));
  }
}
