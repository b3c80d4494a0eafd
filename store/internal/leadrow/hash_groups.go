package leadrow

import "github.com/paceline/paceline/lead"

// HashGroups groups keys by their suppression hash: the distinct hashes in the order
// first met, for one query, and the keys of each hash, to answer with the keys a
// returned hash stands for.
func HashGroups(keys []lead.Key) (byHash map[string][]lead.Key, hashes []string) {
	byHash = make(map[string][]lead.Key, len(keys))
	hashes = make([]string, 0, len(keys))
	for _, k := range keys {
		h := k.Hash()
		if _, ok := byHash[h]; !ok {
			hashes = append(hashes, h)
		}
		byHash[h] = append(byHash[h], k)
	}
	return byHash, hashes
}
