package replicate

import (
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/s3" // registers s3:// replicas
)

// A replica as Litestream's configuration describes it: a url, or a type
// with its fields, and settings that a replica inherits from the top of
// the file when it does not set them itself.

type replicaSettings struct {
	SyncInterval    *time.Duration `yaml:"sync-interval"`
	AccessKeyID     string         `yaml:"access-key-id"`
	SecretAccessKey string         `yaml:"secret-access-key"`
	Region          string         `yaml:"region"`
	Bucket          string         `yaml:"bucket"`
	Endpoint        string         `yaml:"endpoint"`
	ForcePathStyle  *bool          `yaml:"force-path-style"`
	SkipVerify      bool           `yaml:"skip-verify"`
}

type replicaConfig struct {
	replicaSettings `yaml:",inline"`
	Type            string `yaml:"type"`
	Path            string `yaml:"path"`
	URL             string `yaml:"url"`
}

// inherit fills unset fields from the file's top-level settings, as
// Litestream does.
func (rs *replicaSettings) inherit(g replicaSettings) {
	if rs.SyncInterval == nil {
		rs.SyncInterval = g.SyncInterval
	}
	if rs.AccessKeyID == "" {
		rs.AccessKeyID = g.AccessKeyID
	}
	if rs.SecretAccessKey == "" {
		rs.SecretAccessKey = g.SecretAccessKey
	}
	if rs.Region == "" {
		rs.Region = g.Region
	}
	if rs.Bucket == "" {
		rs.Bucket = g.Bucket
	}
	if rs.Endpoint == "" {
		rs.Endpoint = g.Endpoint
	}
	if rs.ForcePathStyle == nil {
		rs.ForcePathStyle = g.ForcePathStyle
	}
	if !rs.SkipVerify {
		rs.SkipVerify = g.SkipVerify
	}
}

// replicaType is Litestream's rule: the URL's scheme, else type, else file.
func (rc *replicaConfig) replicaType() string {
	if rc.URL != "" {
		return litestream.ReplicaTypeFromURL(rc.URL)
	}
	if rc.Type != "" {
		return rc.Type
	}
	return "file"
}

// url is the replica's location as a Litestream replica URL, with rel (a
// database file name under a directory entry) appended to its path.
func (rc *replicaConfig) url(rel string) (string, error) {
	if rc.URL != "" {
		if rc.Path != "" {
			return "", fmt.Errorf("replica %s: give url or path, not both", rc.URL)
		}
		u, err := url.Parse(rc.URL)
		if err != nil {
			return "", fmt.Errorf("replica url: %w", err)
		}
		if u.Path != "" || rel != "" {
			u.Path = "/" + strings.TrimPrefix(path.Join(u.Path, rel), "/")
		}
		if u.Scheme == "s3" {
			// Fields beside an s3 url win over its query, as in the
			// litestream command; a file url has no use for them.
			u.RawQuery = rc.s3Query(u.Query()).Encode()
		}
		return u.String(), nil
	}
	switch rc.replicaType() {
	case "file":
		if rc.Path == "" {
			return "", fmt.Errorf("file replica needs a path")
		}
		if litestream.IsURL(rc.Path) {
			return "", fmt.Errorf("replica path %s is a URL; use url: instead", rc.Path)
		}
		p, err := expandPath(rc.Path)
		if err != nil {
			return "", err
		}
		if rel != "" {
			p = filepath.Join(p, rel)
		}
		return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String(), nil
	case "s3":
		if rc.Bucket == "" {
			return "", fmt.Errorf("s3 replica needs a bucket")
		}
		p := strings.Trim(filepath.ToSlash(rc.Path), "/")
		if rel != "" {
			p = path.Join(p, rel)
		}
		u := url.URL{Scheme: "s3", Host: rc.Bucket, Path: "/" + p, RawQuery: rc.s3Query(url.Values{}).Encode()}
		return u.String(), nil
	default:
		return "", fmt.Errorf("replica type %q: Porch replicates to file or s3 (any S3-compatible store)", rc.replicaType())
	}
}

// s3Query sets the replica's S3 fields (endpoint, region, path style,
// certificate checks) in q, over what q already says.
func (rc *replicaConfig) s3Query(q url.Values) url.Values {
	if rc.Endpoint != "" {
		q.Set("endpoint", rc.Endpoint)
	}
	if rc.Region != "" {
		q.Set("region", rc.Region)
	}
	if rc.ForcePathStyle != nil {
		q.Set("force-path-style", strconv.FormatBool(*rc.ForcePathStyle))
	}
	if rc.SkipVerify {
		q.Set("skip-verify", "true")
	}
	return q
}

// clientFor builds the replica client with Litestream's own URL factories,
// so provider quirks (Tigris, R2, B2, MinIO...) get Litestream's defaults.
// S3 credentials come from the file if given there, else from the
// environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the
// LITESTREAM_ variants), as with the litestream command.
func (rc *replicaConfig) clientFor(rel string) (litestream.ReplicaClient, error) {
	u, err := rc.url(rel)
	if err != nil {
		return nil, err
	}
	client, err := litestream.NewReplicaClientFromURL(u)
	if err != nil {
		return nil, err
	}
	if sc, ok := client.(*s3.ReplicaClient); ok {
		if rc.AccessKeyID != "" {
			sc.AccessKeyID = rc.AccessKeyID
		}
		if rc.SecretAccessKey != "" {
			sc.SecretAccessKey = rc.SecretAccessKey
		}
	}
	return client, nil
}
