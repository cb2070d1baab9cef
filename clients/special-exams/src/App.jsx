import { AppContext } from '@edx/frontend-platform/react';
import { getConfig } from '@edx/frontend-platform';
import { IntlProvider } from '@edx/frontend-platform/i18n';
import { Provider as ReduxProvider } from 'react-redux';
import { SequenceExamWrapper, OuterExamTimer } from './specialExams';

function ExamContent() {
  return (
    <div data-testid="exam-content" className="p-4 border rounded">
      <p className="h4">Exam content goes here</p>
      <p className="mb-0 text-muted">
        (In Open edX this is the sequence&apos;s units, rendered by the LMS.)
      </p>
    </div>
  );
}

function CoursePageContent() {
  return (
    <div data-testid="course-page-content" className="p-4 border rounded">
      <p className="h4 mb-0">Course page (outline, dates, progress…) goes here</p>
    </div>
  );
}

function MissingParams() {
  return (
    <div className="alert alert-warning" data-testid="missing-params">
      This page needs <code>course_id</code> and <code>content_id</code> query parameters
      (and <code>token</code> for an authenticated learner).
    </div>
  );
}

export default function App({ store, params }) {
  const { courseId, contentId, view, authenticatedUser } = params;
  const appContext = { authenticatedUser, config: getConfig(), locale: 'en' };

  let body;
  if (!courseId || (view === 'sequence' && !contentId)) {
    body = <MissingParams />;
  } else if (view === 'outer') {
    // Like the Learning MFE's course tab pages (TabContainer): the timer bar alone, above the page.
    body = (
      <>
        <OuterExamTimer courseId={courseId} />
        <CoursePageContent />
      </>
    );
  } else {
    // Like the Learning MFE's Sequence component: the exam wrapper around the sequence content.
    body = (
      <SequenceExamWrapper
        sequence={params.sequence}
        courseId={courseId}
        isStaff={params.isStaff}
        originalUserIsStaff={params.originalUserIsStaff}
        canAccessProctoredExams={params.canAccessProctoredExams}
      >
        <ExamContent />
      </SequenceExamWrapper>
    );
  }

  return (
    <AppContext.Provider value={appContext}>
      <IntlProvider locale="en" defaultLocale="en" messages={{}}>
        <ReduxProvider store={store}>
          <main className="container py-4" data-testid="special-exams-root" data-view={view}>
            {body}
          </main>
        </ReduxProvider>
      </IntlProvider>
    </AppContext.Provider>
  );
}
