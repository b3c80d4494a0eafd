package row

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
)

// fakeRows is a result set of ints, failing where told.
type fakeRows struct {
	vals    []int
	i       int
	scanErr error
	err     error
}

func (f *fakeRows) Next() bool { f.i++; return f.i <= len(f.vals) }
func (f *fakeRows) Err() error { return f.err }
func (f *fakeRows) Scan(dest ...any) error {
	if f.scanErr != nil {
		return f.scanErr
	}
	*dest[0].(*int) = f.vals[f.i-1]
	return nil
}

func readInt(s Scanner) (int, error) {
	var n int
	if err := s.Scan(&n); err != nil {
		return 0, fmt.Errorf("read int: %w", err)
	}
	return n, nil
}

func failList(err error) error { return fmt.Errorf("list ints: %w", err) }

func TestAll(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name    string
		rows    *fakeRows
		want    []int
		wantErr string
	}{
		{"none", &fakeRows{}, nil, ""},
		{"in order", &fakeRows{vals: []int{3, 1, 2}}, []int{3, 1, 2}, ""},
		{"read error as read gave it", &fakeRows{vals: []int{1}, scanErr: boom}, nil, "read int: boom"},
		{"result set error through fail", &fakeRows{vals: []int{1}, err: boom}, nil, "list ints: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := All(tt.rows, readInt, failList)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Fatalf("All = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	if !Missing(pgx.ErrNoRows) || !Missing(fmt.Errorf("read: %w", sql.ErrNoRows)) ||
		Missing(errors.New("other")) || Missing(nil) {
		t.Fatal("Missing does not tell no rows apart")
	}
}

func TestWrap(t *testing.T) {
	t.Parallel()
	rows := &fakeRows{vals: []int{1}, scanErr: errors.New("boom")}
	_, err := All(rows, Wrap(readInt, failList), failList)
	if err == nil || err.Error() != "list ints: read int: boom" {
		t.Fatalf("err = %v, want list ints: read int: boom", err)
	}
	got, err := All(&fakeRows{vals: []int{4, 5}}, Wrap(readInt, failList), failList)
	if err != nil || fmt.Sprint(got) != "[4 5]" {
		t.Fatalf("All = %v, %v", got, err)
	}
}

func TestOne(t *testing.T) {
	t.Parallel()
	got, err := All(&fakeRows{vals: []int{7, 8}}, One[int], failList)
	if err != nil || fmt.Sprint(got) != "[7 8]" {
		t.Fatalf("All(One) = %v, %v", got, err)
	}
}
