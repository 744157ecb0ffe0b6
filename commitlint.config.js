// Commit messages follow Conventional Commits (`feat: …`, `fix: …`, `chore: …`, `docs: …`),
// checked by the husky commit-msg hook.
export default { extends: ['@commitlint/config-conventional'] };
