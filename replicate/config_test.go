package replicate

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/benbjohnson/litestream/file"
	"github.com/benbjohnson/litestream/s3"
)

// The shipped litestream.yml works as it is: with no replica named in the
// environment every database goes to a directory under Porch's data
// directory (whatever PORCH_DATA says; a host's AWS_REGION is no concern
// of a file replica).
func TestShippedConfigDefaultsToAFileReplica(t *testing.T) {
	t.Setenv("PORCH_DATA", "/elsewhere")
	t.Setenv("PORCH_REPLICA_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_REGION", "eu-west-2")
	data := t.TempDir()
	c, err := Load("../litestream.yml", data)
	if err != nil {
		t.Fatal(err)
	}
	for db, want := range map[string]string{
		c.CatalogPath():   filepath.Join(data, "replica", "catalog"),
		c.OrgPath("acme"): filepath.Join(data, "replica", "orgs", "acme.db"),
	} {
		if got := c.ReplicaURL(db); got != "file://"+filepath.ToSlash(want) {
			t.Errorf("%s replica %s, want file://%s", db, got, want)
		}
		client, err := c.ReplicaClient(db)
		if err != nil {
			t.Fatal(err)
		}
		if fc, ok := client.(*file.ReplicaClient); !ok || fc.Path() != want {
			t.Errorf("%s: client %T, want a file replica at %s", db, client, want)
		}
	}
	if _, err := c.ReplicaClient("/data/other.db"); err == nil {
		t.Error("a database outside the configuration has a replica")
	}
}

// With PORCH_REPLICA_URL naming a bucket, the same file replicates to
// S3-compatible storage, with the endpoint and region of the standard AWS
// variables and the credentials from the environment.
func TestShippedConfigWithS3(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "key-from-env")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret-from-env")
	tests := []struct {
		name, url, endpoint, region string
		bucket, prefix              string
	}{
		{"Tigris", "s3://porch-backups/prod", "https://fly.storage.tigris.dev", "auto", "porch-backups", "prod/"},
		{"AWS", "s3://porch-backups", "", "eu-west-2", "porch-backups", ""},
		{"MinIO, trailing slash", "s3://backups/", "http://minio.internal:9000", "", "backups", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("PORCH_REPLICA_URL", tt.url)
			t.Setenv("AWS_ENDPOINT_URL_S3", tt.endpoint)
			t.Setenv("AWS_REGION", tt.region)
			c, err := Load("../litestream.yml", "/data")
			if err != nil {
				t.Fatal(err)
			}
			for db, key := range map[string]string{c.CatalogPath(): "catalog", c.OrgPath("acme"): "orgs/acme.db"} {
				client, err := c.ReplicaClient(db)
				if err != nil {
					t.Fatal(err)
				}
				sc, ok := client.(*s3.ReplicaClient)
				if !ok {
					t.Fatalf("%s: client %T, want s3", db, client)
				}
				if sc.Bucket != tt.bucket || sc.Path != tt.prefix+key || sc.Endpoint != tt.endpoint || sc.Region != tt.region {
					t.Errorf("%s: bucket %q path %q endpoint %q region %q; want %q %q %q %q", db,
						sc.Bucket, sc.Path, sc.Endpoint, sc.Region, tt.bucket, tt.prefix+key, tt.endpoint, tt.region)
				}
				if sc.AccessKeyID != "key-from-env" || sc.SecretAccessKey != "secret-from-env" {
					t.Errorf("%s: credentials %q, %q not from the environment", db, sc.AccessKeyID, sc.SecretAccessKey)
				}
				if want := "s3://" + tt.bucket + "/" + tt.prefix + key; c.ReplicaURL(db) != want {
					t.Errorf("%s replica %s, want %s", db, c.ReplicaURL(db), want)
				}
			}
		})
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
