import type { Messages } from './index'

export const en: Messages = {
  appName: 'Rembug',
  tagline: 'A collaborative board for Local Partnership Forums',
  language: 'Language',
  home: {
    newBoard: 'New board',
    titleLabel: 'Board title',
    titlePlaceholder: 'e.g. Village A forum workshop',
    create: 'Create board',
    creating: 'Creating…',
    boards: 'Boards',
    empty: 'No boards yet. Create the first one above.',
    loading: 'Loading boards…',
    loadFailed: 'Could not load the boards: {{message}}',
    createFailed: 'Could not create the board: {{message}}',
    createdOn: 'created {{date}}',
  },
  board: {
    loading: 'Loading the board…',
    notFound: 'This board does not exist. Check the link or go back home.',
    backHome: 'Back to home',
    loadFailed: 'Could not load the board: {{message}}',
    reload: 'This board was updated by a newer version of Rembug. Reload the page to keep working.',
    reloadButton: 'Reload',
    invalidRecords_one: '{{count}} object on this board is invalid and was skipped.',
    invalidRecords_other: '{{count}} objects on this board are invalid and were skipped.',
  },
  status: {
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Offline',
  },
  name: {
    title: 'What is your name?',
    hint: 'Others on the board see this name.',
    label: 'Display name',
    placeholder: 'e.g. Siti – Social Affairs Office',
    submit: 'Enter the board',
  },
}
