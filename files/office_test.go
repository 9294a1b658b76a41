package files

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"
)

// zipOf builds a ZIP with the named entries, in order, each holding its
// value; mimetype is stored uncompressed, as OpenDocument requires.
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e[0] == "mimetype" {
			method = zip.Store
		}
		f, err := w.CreateHeader(&zip.FileHeader{Name: e[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOfficeDocumentsAreJudgedByContent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	org := openOrg(t)
	s := New(Config{MaxBytes: 1 << 20})
	ct := [2]string{"[Content_Types].xml", `<?xml version="1.0"?><Types/>`}
	accepted := []struct {
		name string
		data []byte
		want string
	}{
		{"minutes.docx", zipOf(t, ct, [2]string{"_rels/.rels", ""}, [2]string{"word/document.xml", "<w:document/>"}), TypeDOCX},
		{"budget.xlsx", zipOf(t, ct, [2]string{"xl/workbook.xml", "<workbook/>"}), TypeXLSX},
		{"agm.pptx", zipOf(t, ct, [2]string{"ppt/presentation.xml", "<p/>"}), TypePPTX},
		{"rules.odt", zipOf(t, [2]string{"mimetype", TypeODT}, [2]string{"content.xml", "<office/>"}), TypeODT},
		{"budget.pdf", zipOf(t, [2]string{"mimetype", TypeODS}, [2]string{"content.xml", "<office/>"}), TypeODS},
	}
	for _, c := range accepted {
		ref, err := s.Put(ctx, org, Upload{Name: c.name, Data: c.data, Office: true})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got, err := s.Get(ctx, org, ref.Hash)
		if ref.Type != c.want || ref.IsImage() || ref.Thumb != "" || err != nil || !bytes.Equal(got.Data, c.data) {
			t.Errorf("%s stored as %+v (%v), want %s byte for byte", c.name, ref, err, c.want)
		}
		// Without asking for office documents, the store refuses them.
		if _, err := s.Put(ctx, org, Upload{Name: c.name, Data: c.data}); !strings.Contains(fieldMessage(t, err), "not a photo or a PDF") {
			t.Errorf("%s accepted where only photos and PDFs are", c.name)
		}
	}

	many := make([][2]string, maxZipEntries+1)
	for i := range many {
		many[i] = [2]string{"word/part" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + "/" + string(rune('a'+i/26%26)) + ".xml", ""}
	}
	refused := []struct {
		name string
		data []byte
		want string
	}{
		{"lease.doc", append([]byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}, make([]byte, 512)...), "save it as a PDF"},
		{"notes.pdf", []byte("just some text, named as a PDF"), "not a document we can read"},
		{"archive.zip", zipOf(t, [2]string{"photos/1.jpg", "x"}), "not a document we can read"},
		{"fake.docx", zipOf(t, [2]string{"word/document.xml", "<w/>"}), "not a document we can read"},
		{"other.odt", zipOf(t, [2]string{"mimetype", "application/epub+zip"}), "not a document we can read"},
		{"macro.docm", zipOf(t, ct, [2]string{"word/document.xml", ""}, [2]string{"word/vbaProject.bin", "x"}), "macros"},
		{"broken.docx", []byte("PK\x03\x04 not really a zip"), "could not be read"},
		{"huge.docx", zipOf(t, append([][2]string{ct}, many...)...), "not a document we can read"},
	}
	for _, c := range refused {
		_, err := s.Put(ctx, org, Upload{Name: c.name, Data: c.data, Office: true})
		if msg := fieldMessage(t, err); !strings.Contains(msg, c.want) {
			t.Errorf("%s: message %q does not say %q", c.name, msg, c.want)
		}
	}
}
