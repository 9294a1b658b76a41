package errs_test

import (
	"testing"

	"porch/errs"
)

func TestFieldsText(t *testing.T) {
	f := errs.Fields{}
	f.Text("title", "", 5, "title", "Enter a title.")
	f.Text("notes", "", 5, "notes", "")
	f.Text("name", "ééééé", 5, "name", "Enter a name.")
	f.Text("body", "ééééé!", 5, "message", "Write something.")
	want := errs.Fields{"title": "Enter a title.", "body": "Keep the message to 5 characters or fewer."}
	if len(f) != len(want) {
		t.Fatalf("messages %v, want %v", f, want)
	}
	for k, v := range want {
		if f[k] != v {
			t.Errorf("%s: %q, want %q", k, f[k], v)
		}
	}
}
