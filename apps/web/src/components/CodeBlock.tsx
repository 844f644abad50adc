/** XML and other verbatim text. React escapes it; nothing is parsed or highlighted. */
export function CodeBlock({
  text,
  testId,
  label,
}: {
  text: string;
  testId?: string;
  label: string;
}) {
  return (
    <pre className="code-block" data-testid={testId} aria-label={label} tabIndex={0}>
      {text}
    </pre>
  );
}
