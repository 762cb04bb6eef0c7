/** A run's tags as one entry of a facts list (nothing when it has none). */
export function TagsFact({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <div>
      <dt>Tags</dt>
      <dd className="tags">
        {tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </dd>
    </div>
  );
}
