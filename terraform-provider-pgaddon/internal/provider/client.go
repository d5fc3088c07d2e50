package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client talks to the pgaddon API (/v1), as the CLI and the dashboard do.
type Client struct {
	base  string
	token string
	http  *http.Client
}

// APIError is the API's own answer: its status and its sentence, which every diagnostic carries.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string { return e.Message }

// IsNotFound tells an addon, user or extension that is gone (or was never the token's).
func IsNotFound(err error) bool {
	apiErr, ok := err.(*APIError)
	return ok && apiErr.Status == http.StatusNotFound
}

type Addon struct {
	ID         string `json:"id"`
	App        string `json:"app"`
	ProviderID string `json:"provider_id"`
	PlanID     string `json:"plan_id"`
	Version    string `json:"version"`
	Status     string `json:"status"`
}

type Operation struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"`
	Error  *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

type Database struct {
	Version     string `json:"version"`
	NextVersion string `json:"next_version"`
	PlanID      string `json:"plan_id"`
}

type User struct {
	Username  string `json:"username"`
	ReadOnly  bool   `json:"read_only"`
	Protected bool   `json:"protected"`
}

type Extension struct {
	Name             string  `json:"name"`
	DefaultVersion   string  `json:"default_version"`
	InstalledVersion *string `json:"installed_version"`
}

type Plan struct {
	ID               string  `json:"id"`
	Name             string  `json:"name"`
	MemoryMiB        int64   `json:"memory_mib"`
	CPUs             float64 `json:"cpus"`
	DiskQuotaGiB     int64   `json:"disk_quota_gib"`
	MaxConnections   int64   `json:"max_connections"`
	HighAvailability bool    `json:"high_availability"`
}

func NewClient(base, token string) *Client {
	return &Client{base: strings.TrimRight(base, "/"), token: token, http: &http.Client{Timeout: 60 * time.Second}}
}

// busyWait is how long a change waits for the addon's running operation to end: one operation
// per addon at a time, and Terraform applies a user and an extension of one addon side by side.
const busyWait = 30 * time.Minute

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	deadline := time.Now().Add(busyWait)
	for {
		err := c.once(ctx, method, path, body, out)
		apiErr, ok := err.(*APIError)
		if !ok || apiErr.Status != http.StatusConflict || apiErr.Code != "busy" || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

func (c *Client) once(ctx context.Context, method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("the pgaddon API at %s does not answer: %w", c.base, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if res.StatusCode >= 300 {
		var answer struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(data, &answer) != nil || answer.Error.Message == "" {
			return &APIError{Status: res.StatusCode, Code: "http", Message: fmt.Sprintf("the API answered %d", res.StatusCode)}
		}
		return &APIError{Status: res.StatusCode, Code: answer.Error.Code, Message: answer.Error.Message}
	}
	if out != nil && len(data) > 0 {
		return json.Unmarshal(data, out)
	}
	return nil
}

func addonPath(app, addonID string) string {
	return "/v1/apps/" + url.PathEscape(app) + "/addons/" + url.PathEscape(addonID)
}

func (c *Client) Plans(ctx context.Context) ([]Plan, error) {
	var out struct {
		Plans []Plan `json:"plans"`
	}
	err := c.do(ctx, http.MethodGet, "/v1/addon_providers/postgresql/plans", nil, &out)
	return out.Plans, err
}

func (c *Client) Addon(ctx context.Context, app, addonID string) (*Addon, error) {
	var out struct {
		Addon Addon `json:"addon"`
	}
	if err := c.do(ctx, http.MethodGet, addonPath(app, addonID), nil, &out); err != nil {
		return nil, err
	}
	return &out.Addon, nil
}

type accepted struct {
	Operation Operation `json:"operation"`
	Addon     Addon     `json:"addon"`
	Password  string    `json:"password"`
}

func (c *Client) CreateAddon(ctx context.Context, app, providerID, plan, version string) (*accepted, error) {
	body := map[string]any{"provider_id": providerID, "plan_id": plan}
	if version != "" {
		body["version"] = version
	}
	var out accepted
	err := c.do(ctx, http.MethodPost, "/v1/apps/"+url.PathEscape(app)+"/addons", map[string]any{"addon": body}, &out)
	return &out, err
}

func (c *Client) ChangePlan(ctx context.Context, app, addonID, plan string) (*Operation, error) {
	var out accepted
	err := c.do(ctx, http.MethodPatch, addonPath(app, addonID), map[string]any{"addon": map[string]any{"plan_id": plan}}, &out)
	return &out.Operation, err
}

func (c *Client) Upgrade(ctx context.Context, app, addonID, version string) (*Operation, error) {
	var out accepted
	err := c.do(ctx, http.MethodPost, addonPath(app, addonID)+"/database/upgrade", map[string]any{"version": version}, &out)
	return &out.Operation, err
}

func (c *Client) RemoveAddon(ctx context.Context, app, addonID string) (*Operation, error) {
	var out accepted
	err := c.do(ctx, http.MethodDelete, addonPath(app, addonID), nil, &out)
	return &out.Operation, err
}

func (c *Client) Database(ctx context.Context, app, addonID string) (*Database, error) {
	var out struct {
		Database Database `json:"database"`
	}
	err := c.do(ctx, http.MethodGet, addonPath(app, addonID)+"/database", nil, &out)
	return &out.Database, err
}

func (c *Client) ConnectionURL(ctx context.Context, app, addonID string) (string, error) {
	var out struct {
		Connection struct {
			URL string `json:"url"`
		} `json:"connection"`
	}
	err := c.do(ctx, http.MethodGet, addonPath(app, addonID)+"/connection", nil, &out)
	return out.Connection.URL, err
}

func (c *Client) Users(ctx context.Context, app, addonID string) ([]User, error) {
	var out struct {
		Users []User `json:"users"`
	}
	err := c.do(ctx, http.MethodGet, addonPath(app, addonID)+"/database/users", nil, &out)
	return out.Users, err
}

func (c *Client) CreateUser(ctx context.Context, app, addonID, name string, readOnly bool, password string) (*accepted, error) {
	user := map[string]any{"username": name, "read_only": readOnly}
	if password != "" {
		user["password"] = password
	}
	var out accepted
	err := c.do(ctx, http.MethodPost, addonPath(app, addonID)+"/database/users", map[string]any{"user": user}, &out)
	return &out, err
}

func (c *Client) UpdatePassword(ctx context.Context, app, addonID, name, password string) (*accepted, error) {
	var out accepted
	err := c.do(ctx, http.MethodPut, addonPath(app, addonID)+"/database/users/"+url.PathEscape(name)+"/password",
		map[string]any{"user": map[string]any{"password": password}}, &out)
	return &out, err
}

func (c *Client) DeleteUser(ctx context.Context, app, addonID, name string) (*Operation, error) {
	var out accepted
	err := c.do(ctx, http.MethodDelete, addonPath(app, addonID)+"/database/users/"+url.PathEscape(name), nil, &out)
	return &out.Operation, err
}

func (c *Client) Extensions(ctx context.Context, app, addonID string) ([]Extension, error) {
	var out struct {
		Extensions []Extension `json:"extensions"`
	}
	err := c.do(ctx, http.MethodGet, addonPath(app, addonID)+"/database/extensions", nil, &out)
	return out.Extensions, err
}

func (c *Client) EnableExtension(ctx context.Context, app, addonID, name string) (*Operation, error) {
	var out accepted
	err := c.do(ctx, http.MethodPost, addonPath(app, addonID)+"/database/extensions",
		map[string]any{"extension": map[string]any{"name": name}}, &out)
	return &out.Operation, err
}

func (c *Client) DisableExtension(ctx context.Context, app, addonID, name string) (*Operation, error) {
	var out accepted
	err := c.do(ctx, http.MethodDelete, addonPath(app, addonID)+"/database/extensions/"+url.PathEscape(name), nil, &out)
	return &out.Operation, err
}

// Wait follows an operation until it ends; a failed one is an error with the operation's own message.
func (c *Client) Wait(ctx context.Context, op *Operation, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	current := op
	for current.Status == "running" {
		if time.Now().After(deadline) {
			return fmt.Errorf("operation %s (%s) still runs after %s; it goes on in the platform: "+
				"run `pgaddon operations` to follow it, then `tofu apply` again", current.ID, current.Kind, timeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
		var out struct {
			Operation Operation `json:"operation"`
		}
		if err := c.do(ctx, http.MethodGet, "/v1/operations/"+url.PathEscape(current.ID), nil, &out); err != nil {
			return err
		}
		current = &out.Operation
	}
	if current.Status != "succeeded" {
		message := current.Status
		if current.Error != nil {
			message = current.Error.Message
		}
		return fmt.Errorf("operation %s (%s) %s: %s", current.ID, current.Kind, current.Status, message)
	}
	return nil
}
