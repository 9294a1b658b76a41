package replicate

import (
	"strings"
	"testing"

	"github.com/benbjohnson/litestream/s3"
)

func TestExampleConfigLoads(t *testing.T) {
	c, err := Load("../litestream.yml.example", "/data")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ReplicaURL("/data/orgs/acme.db"); got != "file:///srv/porch-replica/orgs/acme.db" {
		t.Errorf("acme replica %s", got)
	}
	if got := c.ReplicaURL("/data/catalog.db"); got != "file:///srv/porch-replica/catalog" {
		t.Errorf("catalog replica %s", got)
	}
	if _, err := c.ReplicaClient("/data/other.db"); err == nil {
		t.Error("a database outside the configuration has a replica")
	}
}

func TestParseConfig(t *testing.T) {
	t.Setenv("PORCH_TEST_BUCKET", "porch-backups")
	tests := []struct {
		name, yml string
		want      string // catalog and acme replica URLs, or the error's text
	}{
		{"s3 fields and env", `
sync-interval: 5s
dbs:
  - path: /data/catalog.db
    replica: {type: s3, bucket: "${PORCH_TEST_BUCKET}", path: /catalog, endpoint: "https://fly.storage.tigris.dev", region: auto}
  - dir: /data/orgs
    pattern: "*.db"
    replica: {type: s3, bucket: $PORCH_TEST_BUCKET, path: orgs}
`, "s3://porch-backups/catalog s3://porch-backups/orgs/acme.db"},
		{"s3 url", `
dbs:
  - path: /data/catalog.db
    replica: {url: "s3://b/catalog?endpoint=minio:9000"}
  - dir: /data/orgs/
    pattern: "*.db"
    replica: {url: "s3://b/orgs?endpoint=minio:9000"}
`, "s3://b/catalog s3://b/orgs/acme.db"},
		{"other databases ignored", `
dbs:
  - path: /srv/other.db
    replica: {type: gcs}
  - path: /data/catalog.db
    replica: {path: /b/c}
  - dir: /data/orgs
    pattern: "*.db"
    replica: {path: /b/o}
`, "file:///b/c file:///b/o/acme.db"},
		{"no catalog", `
dbs:
  - dir: /data/orgs
    pattern: "*.db"
    replica: {path: /b/o}
`, "no entry replicates the catalog"},
		{"no orgs", `
dbs:
  - path: /data/catalog.db
    replica: {path: /b/c}
`, "no entry replicates the organisations"},
		{"wrong pattern", `
dbs:
  - path: /data/catalog.db
    replica: {path: /b/c}
  - dir: /data/orgs
    pattern: "*.sqlite"
    replica: {path: /b/o}
`, "does not match organisation databases"},
		{"unsupported type", `
dbs:
  - path: /data/catalog.db
    replica: {type: sftp, host: x}
  - dir: /data/orgs
    pattern: "*.db"
    replica: {path: /b/o}
`, "file or s3"},
		{"s3 without bucket", `
dbs:
  - path: /data/catalog.db
    replica: {path: /b/c}
  - dir: /data/orgs
    pattern: "*.db"
    replica: {type: s3}
`, "needs a bucket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse(strings.NewReader(tt.yml), "/data")
			var got string
			if err != nil {
				got = err.Error()
			} else {
				got = c.ReplicaURL("/data/catalog.db") + " " + c.ReplicaURL("/data/orgs/acme.db")
			}
			if !strings.Contains(got, tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestS3CredentialsFromEnvironment(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "from-env")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-from-env")
	c, err := Parse(strings.NewReader(`
dbs:
  - path: /data/catalog.db
    replica: {type: s3, bucket: b, path: c, access-key-id: from-file, secret-access-key: s}
  - dir: /data/orgs
    pattern: "*.db"
    replica: {url: "s3://b/orgs"}
`), "/data")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{"/data/orgs/acme.db": "from-env", "/data/catalog.db": "from-file"} {
		client, err := c.ReplicaClient(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := client.(interface{ Type() string }).Type(); got != "s3" {
			t.Fatalf("%s: %s client", path, got)
		}
		if got := s3Key(client); got != want {
			t.Errorf("%s: access key %q, want %q", path, got, want)
		}
	}
}

func s3Key(client any) string {
	if sc, ok := client.(*s3.ReplicaClient); ok {
		return sc.AccessKeyID
	}
	return ""
}

// The configuration the image ships for Fly loads, with the bucket and
// endpoint Fly's storage sets in the environment.
func TestFlyConfigLoads(t *testing.T) {
	t.Setenv("BUCKET_NAME", "porch-prod")
	t.Setenv("AWS_ENDPOINT_URL_S3", "https://fly.storage.tigris.dev")
	c, err := Load("../deploy/litestream.fly.yml", "/data")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/data/catalog.db":   "s3://porch-prod/catalog",
		"/data/orgs/acme.db": "s3://porch-prod/orgs/acme.db",
	} {
		if got := c.ReplicaURL(path); !strings.HasPrefix(got, want) {
			t.Errorf("%s replica %s, want %s", path, got, want)
		}
	}
}
