package postgres

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/paceline/paceline/lead"
	"github.com/paceline/paceline/store/storetest"
)

// Two imports at once into one database (two serve or CLI processes) must not hand
// out the same ids: the second waits for the first and both land whole.
func TestImportsAtOnceBothLand(t *testing.T) {
	t.Parallel()
	url := newSchema(t)
	ctx := context.Background()
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	const per = 2000
	var wg sync.WaitGroup
	errs := make([]error, len(stores))
	for i, s := range stores {
		var b strings.Builder
		b.WriteString("profileUrl,fullName\n")
		for j := range per {
			fmt.Fprintf(&b, "https://www.linkedin.com/in/s%d-p%d,P %d\n", i, j, j)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = storetest.ImportCSV(ctx, s, b.String(), lead.ImportOptions{List: fmt.Sprint("l", i)})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("import %d: %v", i, err)
		}
	}
	if n, err := stores[0].CountLeads(ctx); err != nil || n != 2*per {
		t.Errorf("%d leads (%v), want %d", n, err, 2*per)
	}
}
